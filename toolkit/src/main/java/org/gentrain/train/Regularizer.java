package org.gentrain.train;

import ai.djl.ndarray.NDArray;

/**
 * A penalty computed from the model's parameters and added to the primary loss of every step, such
 * as {@code lambda * hyperspherical energy} of chosen layers.
 */
public interface Regularizer extends TrainingHook {

    /** The regulariser's name as the command line writes it, such as {@code mhe}. */
    String name();

    /**
     * The weighted penalty for the current parameters: a differentiable scalar, computed inside the
     * step's gradient recording.
     */
    NDArray penalty(StepContext step);
}
