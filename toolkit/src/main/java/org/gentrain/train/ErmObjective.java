package org.gentrain.train;

import ai.djl.ndarray.NDArray;

/**
 * Empirical risk minimisation: one forward pass, softmax cross-entropy on the batch (plus the
 * run's regularisers), one optimizer step. The baseline every technique is compared with.
 */
public final class ErmObjective implements Objective {

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "erm";
    }

    /** {@inheritDoc} */
    @Override
    public NDArray step(StepContext step) {
        return step.descend(() -> CrossEntropy.mean(step.forward(step.data()), step.labels()));
    }
}
