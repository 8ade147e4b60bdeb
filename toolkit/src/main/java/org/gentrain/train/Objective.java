package org.gentrain.train;

import ai.djl.ndarray.NDArray;

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
}
