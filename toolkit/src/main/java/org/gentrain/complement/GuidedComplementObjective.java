package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import org.gentrain.train.Objective;
import org.gentrain.train.StepContext;

/**
 * Training with guided complement entropy alone (Chen et al., ICCV 2019; arm {@code gce}): one
 * forward pass, the {@link GuidedComplementEntropy} of the batch plus the run's regularisers, one
 * optimizer step. No cross-entropy, as in the paper; {@code alpha = 0.2} by default.
 */
public final class GuidedComplementObjective implements Objective {

    private final GuidedComplementEntropy loss;

    /** GCE training with the paper's {@code alpha = 0.2}. */
    public GuidedComplementObjective() {
        this(GuidedComplementEntropy.DEFAULT_ALPHA);
    }

    /**
     * GCE training with the given guiding exponent.
     *
     * @param alpha the exponent of {@code p_g}, {@code >= 0}
     */
    public GuidedComplementObjective(double alpha) {
        this.loss = new GuidedComplementEntropy(alpha);
    }

    /** The loss this objective minimises. */
    public GuidedComplementEntropy loss() {
        return loss;
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "gce";
    }

    /** {@inheritDoc} */
    @Override
    public NDArray step(StepContext step) {
        return step.descend(() -> loss.mean(step.forward(step.data()), step.labels()));
    }
}
