package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What one training step does with one batch: how many forward passes, which losses, and how many
 * optimizer steps. Cross-entropy (ERM) makes one forward pass and one step; MaxUp scores several
 * augmented copies; complement objective training takes two steps with two optimizers.
 *
 * <p>An objective computes its losses and calls {@link StepContext#descend} for every optimizer
 * step it takes; the regularisers of the run are added there, so objectives and regularisers
 * compose freely.
 */
public interface Objective extends TrainingHook {

    /** The objective's name as the command line writes it, such as {@code erm}. */
    String name();

    /**
     * Runs one training step on {@link StepContext#data()} and {@link StepContext#labels()}.
     *
     * @return the step's training loss, a scalar, for progress and divergence checks
     */
    NDArray step(StepContext step);

    /**
     * Rejects examples of a shape this objective cannot train on, such as images smaller than
     * MaxUp's Cutout square, so that the error comes before a model is built or anything trains.
     * Accepts every shape unless overridden.
     *
     * @param inputShape one example's shape, such as {@code [1, 28, 28]}
     * @throws IllegalArgumentException naming the setting and the range these examples allow
     */
    default void checkInputShape(Shape inputShape) {}
}
