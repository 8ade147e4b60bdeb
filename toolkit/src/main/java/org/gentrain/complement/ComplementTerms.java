package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Constants;

/**
 * The quantities both complement losses are built from, for logits {@code z [N, K]} and labels
 * {@code y [N]}: the true class's probability {@code p_g = softmax(z)[y]} and the scaled negative
 * entropy of the complement distribution {@code h = sum_{j != g} px_j log(px_j + 1e-10)} with
 * {@code px_j = p_j / (1 - p_g + 1e-7)}, as in the authors' code.
 *
 * <p>Numerically safe: probabilities come from {@code exp(logSoftmax(z))}, and {@code 1 - p_g} is
 * computed as the sum of the other classes' probabilities, which is the same number without the
 * cancellation of {@code 1 - p_g} when {@code p_g} rounds to 1. With the two epsilons of the
 * reference code every term and every derivative stays finite, even for logits of magnitude 1e4
 * in float32. Constants are owned arrays of the logits' type (no Java scalars in the graph).
 */
final class ComplementTerms {

    /** The epsilon added to the complement's mass, as in the authors' code. */
    static final double MASS_EPSILON = 1e-7;

    /** The epsilon inside the logarithm, as in the authors' code. */
    static final double LOG_EPSILON = 1e-10;

    /** {@code p_g}, shape {@code [N]}. */
    final NDArray trueProbability;

    /** {@code h = sum_{j != g} px_j log(px_j + 1e-10)}, shape {@code [N]}. */
    final NDArray negativeEntropy;

    /** {@code K}, the number of classes, from the logits. */
    final int classes;

    private ComplementTerms(NDArray trueProbability, NDArray negativeEntropy, int classes) {
        this.trueProbability = trueProbability;
        this.negativeEntropy = negativeEntropy;
        this.classes = classes;
    }

    /**
     * Computes the terms.
     *
     * @throws IllegalArgumentException if the logits are not {@code [N, K]} with {@code K >= 2},
     *     or the labels are not {@code [N]} integers in {@code [0, K)}; the message names both
     *     shapes
     */
    static ComplementTerms of(NDArray logits, NDArray labels) {
        NDArray classIndex = validLabels(logits, labels);
        int classes = (int) logits.getShape().get(1);
        DataType type = logits.getDataType();
        NDArray probabilities = logits.logSoftmax(1).exp();
        NDArray truth = classIndex.oneHot(classes).toType(type, false);
        NDArray others = truth.onesLike().sub(truth);
        NDArray trueProbability = probabilities.mul(truth).sum(new int[] {1});
        NDArray complementMass = probabilities.mul(others).sum(new int[] {1}, true);
        NDArray complement = probabilities
                .div(complementMass.add(Constants.like(logits, MASS_EPSILON)))
                .mul(others);
        NDArray negativeEntropy = complement
                .mul(complement.add(Constants.like(logits, LOG_EPSILON)).log())
                .sum(new int[] {1});
        return new ComplementTerms(trueProbability, negativeEntropy, classes);
    }

    /**
     * Checks the shapes ({@code [N, K]} logits with {@code K >= 2}, {@code [N]} labels) and the
     * range of the labels; returns them as int64 class indices.
     */
    static NDArray validLabels(NDArray logits, NDArray labels) {
        Shape logitShape = logits.getShape();
        Shape labelShape = labels.getShape();
        if (logitShape.dimension() != 2 || logitShape.get(1) < 2) {
            throw new IllegalArgumentException("logits must have shape (N, K) with K >= 2 classes, was "
                    + logitShape
                    + " (labels "
                    + labelShape
                    + ")");
        }
        long rows = logitShape.get(0);
        long classes = logitShape.get(1);
        if (labelShape.dimension() != 1 || labelShape.get(0) != rows) {
            throw new IllegalArgumentException("labels must have shape ("
                    + rows
                    + ") to match logits of shape "
                    + logitShape
                    + ", was "
                    + labelShape);
        }
        NDArray classIndex = labels.toType(DataType.INT64, false);
        if (rows > 0) {
            // one read to the host for both ends (a device sync each on a GPU)
            long[] range = classIndex.min().stack(classIndex.max()).toLongArray();
            long min = range[0];
            long max = range[1];
            if (min < 0 || max >= classes) {
                throw new IllegalArgumentException("labels must be in [0, "
                        + classes
                        + ") for logits of shape "
                        + logitShape
                        + ", labels of shape "
                        + labelShape
                        + " hold "
                        + (min < 0 ? min : max));
            }
        }
        return classIndex;
    }
}
