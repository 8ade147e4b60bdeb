package org.gentrain.ablation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;

/**
 * An arm as an ablation names it: a recipe name from the {@link ArmCatalog}, optionally followed
 * by settings of its own, each after an {@code @}: {@code maxup-cutout@copies=8} or {@code
 * erm@lr=0.01}. The key {@code lr} sets the arm's learning rate; every other key is a technique
 * setting that overrides the ablation's.
 *
 * @param label the arm's full name, as given
 * @param recipeName the recipe part, before the first {@code @}
 * @param overrides the arm's own settings
 */
public record ArmSpec(String label, String recipeName, Map<String, String> overrides) {

    /** Freezes the overrides. */
    public ArmSpec {
        overrides = Map.copyOf(overrides);
    }

    /**
     * Parses an arm name.
     *
     * @throws IllegalArgumentException for a setting without {@code =}
     */
    public static ArmSpec parse(String label) {
        String[] parts = label.trim().split("@");
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "arm '" + label + "': setting '" + parts[i] + "' must be KEY=VALUE, such as lr=0.01");
            }
            overrides.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
        }
        return new ArmSpec(label.trim(), parts[0].trim(), overrides);
    }

    /** The ablation's settings with this arm's on top. */
    public ArmOptions options(ArmOptions base) {
        ArmOptions merged = base;
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            merged = merged.with(entry.getKey(), entry.getValue());
        }
        return merged;
    }

    /** A fresh recipe for this arm. */
    public Recipe recipe(ArmOptions base) {
        return ArmCatalog.recipe(recipeName, options(base));
    }

    /** The optimizer settings for this arm: the base with its own {@code lr}, if it has one. */
    public OptimizerSettings optimizer(OptimizerSettings base) {
        String lr = overrides.get("lr");
        if (lr == null) {
            return base;
        }
        try {
            return base.withLearningRate(Float.parseFloat(lr));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("arm '" + label + "': lr must be a number, was '" + lr + "'");
        }
    }
}
