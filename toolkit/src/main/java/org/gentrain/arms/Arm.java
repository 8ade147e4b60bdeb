package org.gentrain.arms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.ErmObjective;
import org.gentrain.train.ModelTransform;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.gentrain.train.Regularizer;

/**
 * An arm ready to run: a label, every setting checked, and a factory that builds a fresh {@link
 * Recipe} for each run, so that no state is shared between runs. Made by {@link
 * ArmRegistry#resolve} from a name, or by {@link #custom} from a recipe factory of your own.
 */
public final class Arm {

    /** The key every arm accepts: its own learning rate. */
    public static final String LEARNING_RATE = "lr";

    private final String label;
    private final Supplier<Recipe> recipes;
    private final Float learningRate;
    private final Map<String, String> settings;

    Arm(String label, Supplier<Recipe> recipes, Float learningRate, Map<String, String> settings) {
        this.label = label;
        this.recipes = recipes;
        this.learningRate = learningRate;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * An arm of your own: a label and a factory that returns a new recipe on every call.
     *
     * @throws IllegalArgumentException for a blank label
     */
    public static Arm custom(String label, Supplier<Recipe> factory) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("arm label must not be empty");
        }
        Objects.requireNonNull(factory, "recipe factory of arm " + label);
        return new Arm(label.trim(), factory, null, Map.of());
    }

    /** Resolved parts with their checked settings. */
    static Arm of(
            String label,
            List<ArmPart> parts,
            List<ArmOptions> values,
            Float learningRate,
            Map<String, String> effective) {
        List<ArmPart> partList = List.copyOf(parts);
        List<ArmOptions> valueList = List.copyOf(values);
        return new Arm(label, () -> assemble(label, partList, valueList), learningRate, effective);
    }

    static Recipe assemble(String label, List<ArmPart> parts, List<ArmOptions> values) {
        Objective objective = null;
        List<Regularizer> regularizers = new ArrayList<>();
        List<ModelTransform> transforms = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Object built = parts.get(i).build(values.get(i));
            if (built instanceof Recipe recipe) {
                objective = recipe.objective();
                regularizers.addAll(recipe.regularizers());
                transforms.addAll(recipe.transforms());
            } else if (built instanceof Objective o) {
                objective = o;
            } else if (built instanceof Regularizer r) {
                regularizers.add(r);
            } else {
                transforms.add((ModelTransform) built);
            }
        }
        return new Recipe(objective == null ? new ErmObjective() : objective, regularizers, transforms);
    }

    /** The arm's name as given, such as {@code maxup-cutout@copies=8}. */
    public String label() {
        return label;
    }

    /** A new recipe, with fresh state, for one run. */
    public Recipe newRecipe() {
        Recipe recipe = recipes.get();
        if (recipe == null) {
            throw new IllegalStateException("the recipe factory of arm " + label + " returned null");
        }
        return recipe;
    }

    /** The optimizer settings of this arm: {@code base} with the arm's own {@code lr}, if it has one. */
    public OptimizerSettings optimizer(OptimizerSettings base) {
        return learningRate == null ? base : base.withLearningRate(learningRate);
    }

    /** Every setting the arm's parts read, with the value each will get (defaults included). */
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public String toString() {
        return label;
    }
}
