package org.gentrain.ablation;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    /**
     * Builds every arm's recipe once and rejects a setting that is never read: one of an arm's own
     * settings that its recipe does not read (other than {@code lr}), or one of the shared settings
     * that no arm reads, such as a misspelt key or {@code copies} for arms without MaxUp.
     *
     * @param arms the arms of one run
     * @param base the settings they share
     * @throws IllegalArgumentException naming the unread key and the keys the arms do read
     */
    public static void requireEverySettingRead(List<ArmSpec> arms, ArmOptions base) {
        Set<String> readByAny = new TreeSet<>();
        for (ArmSpec arm : arms) {
            Set<String> read = base.keysReadBy(options -> arm.recipe(options));
            for (String key : arm.overrides().keySet()) {
                if (!key.equals("lr") && !read.contains(key)) {
                    throw new IllegalArgumentException("arm '" + arm.label() + "': " + arm.recipeName()
                            + " has no setting " + key + "; its settings: " + listOrNone(read) + " and lr");
                }
            }
            readByAny.addAll(read);
        }
        for (String key : base.asMap().keySet()) {
            if (!readByAny.contains(key)) {
                String names = arms.stream().map(ArmSpec::recipeName).collect(Collectors.joining(", "));
                throw new IllegalArgumentException("setting " + key + " is not read by "
                        + (arms.size() == 1 ? "arm " + names + "; its settings: " : "any of the arms " + names
                        + "; their settings: ") + listOrNone(readByAny));
            }
        }
    }

    /**
     * Rejects settings the data's images do not allow, such as a Cutout larger than them, for every
     * arm at once, so that no arm trains before a later one would fail ({@link Recipe#checkInputShape}).
     *
     * @param imageShape one image's shape, such as {@code [1, 28, 28]}
     */
    public static void requireImagesAllowed(List<ArmSpec> arms, ArmOptions base, Shape imageShape) {
        for (ArmSpec arm : arms) {
            arm.recipe(base).checkInputShape(imageShape);
        }
    }

    private static String listOrNone(Set<String> keys) {
        return keys.isEmpty() ? "none" : String.join(", ", keys);
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
