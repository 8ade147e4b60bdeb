package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.gentrain.data.LabelGroups;
import org.gentrain.train.Constants;

/**
 * What the two hierarchical complement entropies share, for logits {@code z [N, K]}, labels
 * {@code y [N]} and a label tree: the membership mask {@code member[i, j] = 1} if class {@code j}
 * is in the group of {@code y_i}, the one-hot truth, and the clamped negative entropy {@code
 * sum_j w_j log(max(w_j, 1e-10))} of a distribution over some classes (HCOT's code clamps
 * inside the logarithm where COT's adds {@code 1e-10}).
 */
final class GroupComplementTerms {

    /** The lower clamp inside the logarithm, as in the authors' HCOT code. */
    static final double LOG_CLAMP = 1e-10;

    /** {@code [N, K]}: 1 where class {@code j} is in the group of {@code y_i}, else 0. */
    final NDArray member;

    /** {@code [N, K]}: the one-hot labels. */
    final NDArray truth;

    /** {@code K}. */
    final int classes;

    private GroupComplementTerms(NDArray member, NDArray truth, int classes) {
        this.member = member;
        this.truth = truth;
        this.classes = classes;
    }

    /**
     * Validates the shapes, the labels and the width of the logits against the tree, and makes the
     * masks in the logits' type and manager.
     *
     * @throws IllegalArgumentException if the logits are not {@code [N, K]} with {@code K} the
     *     tree's class count, or the labels are not {@code [N]} integers in {@code [0, K)}
     */
    static GroupComplementTerms of(NDArray logits, NDArray labels, LabelGroups groups) {
        NDArray classIndex = ComplementTerms.validLabels(logits, labels);
        int classes = (int) logits.getShape().get(1);
        groups.requireClasses(classes, "the logits of shape " + logits.getShape());
        DataType type = logits.getDataType();
        float[] sameGroup = new float[classes * classes];
        for (int a = 0; a < classes; a++) {
            for (int b = 0; b < classes; b++) {
                sameGroup[a * classes + b] = groups.groupOf(a) == groups.groupOf(b) ? 1f : 0f;
            }
        }
        NDArray same = logits.getManager()
                .create(sameGroup, new Shape(classes, classes))
                .toType(type, false);
        NDArray truth = classIndex.oneHot(classes).toType(type, false);
        return new GroupComplementTerms(truth.dot(same), truth, classes);
    }

    /** {@code sum_j w_j log(max(w_j, 1e-10))} over the class axis, shape {@code [N]}. */
    static NDArray clampedNegativeEntropy(NDArray w) {
        return w.mul(w.maximum(Constants.like(w, LOG_CLAMP)).log()).sum(new int[] {1});
    }

    /**
     * {@code w_j = v_j / (sum_j v_j + 1e-7)}, {@code v = probabilities * mask}: the probabilities of
     * the masked classes renormalised as the authors' code does, with the mass summed over the
     * masked classes (the same number as {@code 1 - } the rest, without its cancellation).
     */
    static NDArray renormalised(NDArray probabilities, NDArray mask) {
        NDArray kept = probabilities.mul(mask);
        NDArray mass = kept.sum(new int[] {1}, true);
        return kept.div(mass.add(Constants.like(probabilities, ComplementTerms.MASS_EPSILON)));
    }
}
