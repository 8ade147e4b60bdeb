package org.gentrain.testing;

import org.gentrain.arms.ArmRegistry;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;

/** Recipes by arm name, from the global registry, as the command line builds them. */
public final class Arms {

    private Arms() {}

    /** A fresh recipe of the arm, checked with {@code options} as shared settings. */
    public static Recipe recipe(String arm, ArmOptions options) {
        return ArmRegistry.global().resolve(arm, options).newRecipe();
    }

    /** The objective of a fresh recipe of the arm. */
    public static Objective objective(String arm, ArmOptions options) {
        return recipe(arm, options).objective();
    }
}
