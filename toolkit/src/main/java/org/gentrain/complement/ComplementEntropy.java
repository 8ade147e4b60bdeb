package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.train.Constants;

/**
 * Complement entropy (Chen et al., "Complement Objective Training", ICLR 2019), as the authors'
 * code computes it: with {@code p = softmax(z)}, true class {@code g} and {@code K} classes (taken
 * from the logits),
 *
 * <pre>
 * px_j = p_j / (1 - p_g + 1e-7)                     for j != g
 * C    = (1 / (N K)) * sum_i sum_{j != g} px_j log(px_j + 1e-10)
 * </pre>
 *
 * <p>{@code C} is minus the entropy of the distribution over the wrong classes, scaled by {@code
 * 1/K} (the code's normalisation; the paper writes {@code 1/(K-1)} in places). Minimising it
 * flattens the probabilities of the wrong classes. It is a DJL {@link Loss}, so it works in any
 * DJL training loop: {@code evaluate(labels, predictions)} takes the labels {@code [N]} and the
 * logits {@code [N, K]}. {@link #perExample} gives the per-example terms for other objectives.
 *
 * <p>Numerically safe in float32 (see {@link ComplementTerms}); labels outside {@code [0, K)} or
 * of another shape than {@code [N]} are rejected with a message naming both shapes.
 */
public class ComplementEntropy extends Loss {

    /** The complement entropy, named {@code ComplementEntropy}. */
    public ComplementEntropy() {
        this("ComplementEntropy");
    }

    /** The complement entropy with a display name. */
    public ComplementEntropy(String name) {
        super(name);
    }

    /**
     * The per-example terms {@code c_i = (1/K) sum_{j != g} px_j log(px_j + 1e-10)}, shape
     * {@code [N]}; their mean is the loss.
     *
     * @param logits the unnormalised scores {@code [N, K]}
     * @param labels the class indices {@code [N]}, in {@code [0, K)}
     */
    public NDArray perExample(NDArray logits, NDArray labels) {
        ComplementTerms terms = ComplementTerms.of(logits, labels);
        return terms.negativeEntropy.div(Constants.like(logits, terms.classes));
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
