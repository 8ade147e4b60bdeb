package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.data.LabelGroups;
import org.gentrain.train.Checks;

/**
 * The inner complement entropy of hierarchical complement objective training, HCOT (Chen et al.,
 * 2019), as the authors' code computes it: for example {@code i} with label {@code y} in group
 * {@code G} of the label tree, a softmax over the logits of {@code G} only,
 *
 * <pre>
 * pG_j  = exp(z_j) / sum_{c in G} exp(z_c)                  for j in G
 * q_j   = pG_j / (1 - pG_y + 1e-7)                          for j in G, j != y
 * inner = (1/N) sum_i (1/|G_i|) sum_{j in G_i, j != y_i} q_j log(max(q_j, 1e-10))
 * </pre>
 *
 * <p>Minimising it flattens the wrong classes of the true class's own group (the confusable
 * ones). The authors' groups are all the same size and their code divides by it; with groups of
 * different sizes each example's sum is divided by its own group's size. Note the clamp inside
 * the logarithm, where COT's {@link ComplementEntropy} adds {@code 1e-10}. A group of one class
 * contributes 0.
 *
 * <p>A DJL {@link Loss}: {@code evaluate(labels, predictions)} takes labels {@code [N]} and logits
 * {@code [N, K]}, {@code K} the tree's class count. Numerically safe in float32: the group's
 * softmax subtracts the group's largest logit and never exponentiates a logit outside the group,
 * and the complement's mass is summed over the wrong classes of the group.
 */
public class InnerComplementEntropy extends Loss {

    private final LabelGroups groups;

    /** The inner complement entropy over the given label tree, named {@code InnerComplementEntropy}. */
    public InnerComplementEntropy(LabelGroups groups) {
        this("InnerComplementEntropy", groups);
    }

    /** The inner complement entropy with a display name. */
    public InnerComplementEntropy(String name, LabelGroups groups) {
        super(name);
        this.groups = Checks.required("groups", groups);
    }

    /** The label tree. */
    public LabelGroups groups() {
        return groups;
    }

    /**
     * The per-example terms {@code (1/|G_i|) sum_{j in G_i, j != y_i} q_j log(max(q_j, 1e-10))},
     * shape {@code [N]}; their mean is the loss.
     *
     * @param logits the unnormalised scores {@code [N, K]}
     * @param labels the class indices {@code [N]}, in {@code [0, K)}
     * @throws IllegalArgumentException if the shapes or labels are invalid or {@code K} is not the
     *     tree's class count
     */
    public NDArray perExample(NDArray logits, NDArray labels) {
        GroupComplementTerms terms = GroupComplementTerms.of(logits, labels, groups);
        NDArray member = terms.member;
        NDArray largest = logits.stopGradient()
                .mul(member)
                .add(member.onesLike().sub(member).mul(logits.stopGradient().min()))
                .max(new int[] {1}, true);
        // (z - max) * member is 0 outside the group, so no logit outside it is exponentiated.
        NDArray exponentials = logits.sub(largest).mul(member).exp().mul(member);
        NDArray groupProbability = exponentials.div(exponentials.sum(new int[] {1}, true));
        NDArray q = GroupComplementTerms.renormalised(groupProbability, member.sub(terms.truth));
        return GroupComplementTerms.clampedNegativeEntropy(q).div(member.sum(new int[] {1}));
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
