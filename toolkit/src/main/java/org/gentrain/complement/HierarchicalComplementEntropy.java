package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.data.LabelGroups;
import org.gentrain.train.Checks;

/**
 * The loss of HCOT's complement step (Chen et al., 2019): {@code inner + outer}, the {@link
 * InnerComplementEntropy} (wrong classes inside the true class's group) plus the {@link
 * OuterComplementEntropy} (classes outside it), over one label tree, as in the authors' code. A DJL
 * {@link Loss}: {@code evaluate(labels, predictions)} takes labels {@code [N]} and logits {@code
 * [N, K]}.
 */
public class HierarchicalComplementEntropy extends Loss {

    private final InnerComplementEntropy inner;
    private final OuterComplementEntropy outer;

    /** {@code inner + outer} over the given label tree. */
    public HierarchicalComplementEntropy(LabelGroups groups) {
        super("HierarchicalComplementEntropy");
        Checks.required("groups", groups);
        this.inner = new InnerComplementEntropy(groups);
        this.outer = new OuterComplementEntropy(groups);
    }

    /** The label tree. */
    public LabelGroups groups() {
        return inner.groups();
    }

    /** The inner term. */
    public InnerComplementEntropy inner() {
        return inner;
    }

    /** The outer term. */
    public OuterComplementEntropy outer() {
        return outer;
    }

    /** The per-example sums {@code inner_i + outer_i}, shape {@code [N]}; their mean is the loss. */
    public NDArray perExample(NDArray logits, NDArray labels) {
        return inner.perExample(logits, labels).add(outer.perExample(logits, labels));
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
