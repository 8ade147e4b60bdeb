package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;

/**
 * Guided complement entropy (Chen et al., "Improving Adversarial Robustness via Guided Complement
 * Entropy", ICCV 2019), as the authors' code computes it: with {@code p = softmax(z)}, true class
 * {@code g}, {@code K} classes (from the logits) and {@code px_j = p_j / (1 - p_g + 1e-7)},
 *
 * <pre>
 * GCE = (1 / (N log K)) * sum_i (p_g + 1e-7)^alpha * sum_{j != g} px_j log(px_j + 1e-10)
 * </pre>
 *
 * <p>The guiding factor {@code p_g^alpha} weights the flattening of the wrong classes by the
 * confidence in the right one, so GCE alone is a training loss (no cross-entropy is needed);
 * {@code alpha = 0.2} by default, as in the paper. A DJL {@link Loss}: {@code evaluate(labels,
 * predictions)} takes labels {@code [N]} and logits {@code [N, K]}. Numerically safe in float32
 * (see {@link ComplementTerms}); labels outside {@code [0, K)} or of another shape than {@code
 * [N]} are rejected with a message naming both shapes.
 */
public class GuidedComplementEntropy extends Loss {

    /** The paper's guiding exponent. */
    public static final double DEFAULT_ALPHA = 0.2;

    private final double alpha;

    /** GCE with the paper's {@code alpha = 0.2}. */
    public GuidedComplementEntropy() {
        this(DEFAULT_ALPHA);
    }

    /**
     * GCE with the given guiding exponent.
     *
     * @param alpha the exponent of {@code p_g}, {@code >= 0}
     */
    public GuidedComplementEntropy(double alpha) {
        this("GuidedComplementEntropy", alpha);
    }

    /** GCE with a display name and a guiding exponent {@code >= 0}. */
    public GuidedComplementEntropy(String name, double alpha) {
        super(name);
        Checks.inRange("alpha", alpha, 0, true, Double.MAX_VALUE, true);
        this.alpha = alpha;
    }

    /** The guiding exponent. */
    public double alpha() {
        return alpha;
    }

    /**
     * The per-example terms {@code (p_g + 1e-7)^alpha * sum_{j != g} px_j log(px_j + 1e-10) / log
     * K}, shape {@code [N]}; their mean is the loss.
     *
     * @param logits the unnormalised scores {@code [N, K]}
     * @param labels the class indices {@code [N]}, in {@code [0, K)}
     */
    public NDArray perExample(NDArray logits, NDArray labels) {
        ComplementTerms terms = ComplementTerms.of(logits, labels);
        NDArray guide = terms.trueProbability
                .add(Constants.like(logits, ComplementTerms.MASS_EPSILON))
                .pow(Constants.like(logits, alpha));
        return guide.mul(terms.negativeEntropy).div(Constants.like(logits, Math.log(terms.classes)));
    }

    /** The batch mean of {@link #perExample}, a scalar. */
    public NDArray mean(NDArray logits, NDArray labels) {
        return perExample(logits, labels).mean();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return mean(predictions.head(), labels.head());
    }
}
