package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.data.LabelGroups;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;

/**
 * The outer complement entropy of hierarchical complement objective training, HCOT (Chen et al.,
 * 2019), as the authors' code computes it: with {@code p = softmax(z)} over all {@code K} classes
 * and {@code G} the group of the label {@code y},
 *
 * <pre>
 * r_j   = p_j / (1 - sum_{c in G} p_c + 1e-7)               for j not in G
 * outer = (1/(N K)) sum_i sum_{j not in G_i} r_j log(max(r_j, 1e-10))
 * </pre>
 *
 * <p>Minimising it flattens the classes outside the true class's group. Note the clamp inside the
 * logarithm (COT's {@link ComplementEntropy} adds {@code 1e-10}). A DJL {@link Loss}: {@code
 * evaluate(labels, predictions)} takes labels {@code [N]} and logits {@code [N, K]}, {@code K} the
 * tree's class count. Numerically safe in float32: probabilities come from {@code
 * exp(logSoftmax(z))} and the mass outside the group is summed over its classes (the same number as
 * {@code 1 - sum_{c in G} p_c}, without the cancellation).
 */
public class OuterComplementEntropy extends Loss {

    private final LabelGroups groups;

    /** The outer complement entropy over the given label tree, named {@code OuterComplementEntropy}. */
    public OuterComplementEntropy(LabelGroups groups) {
        this("OuterComplementEntropy", groups);
    }

    /** The outer complement entropy with a display name. */
    public OuterComplementEntropy(String name, LabelGroups groups) {
        super(name);
        this.groups = Checks.required("groups", groups);
    }

    /** The label tree. */
    public LabelGroups groups() {
        return groups;
    }

    /**
     * The per-example terms {@code (1/K) sum_{j not in G_i} r_j log(max(r_j, 1e-10))}, shape
     * {@code [N]}; their mean is the loss.
     *
     * @param logits the unnormalised scores {@code [N, K]}
     * @param labels the class indices {@code [N]}, in {@code [0, K)}
     * @throws IllegalArgumentException if the shapes or labels are invalid or {@code K} is not the
     *     tree's class count
     */
    public NDArray perExample(NDArray logits, NDArray labels) {
        GroupComplementTerms terms = GroupComplementTerms.of(logits, labels, groups);
        NDArray probabilities = logits.logSoftmax(1).exp();
        NDArray r = GroupComplementTerms.renormalised(
                probabilities, terms.member.onesLike().sub(terms.member));
        return GroupComplementTerms.clampedNegativeEntropy(r).div(Constants.like(logits, terms.classes));
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
