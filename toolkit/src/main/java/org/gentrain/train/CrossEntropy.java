package org.gentrain.train;

import ai.djl.ndarray.NDArray;

/**
 * Softmax cross-entropy on logits {@code [N, K]} and integer labels {@code [N]}: {@code l_i = -log
 * softmax(z_i)[y_i]}, computed through {@code logSoftmax} so that large logits stay finite.
 */
public final class CrossEntropy {

    private CrossEntropy() {}

    /** The per-example losses {@code [N]}. */
    public static NDArray perExample(NDArray logits, NDArray labels) {
        NDArray picked = logits.logSoftmax(-1)
                .gather(
                        labels.toType(ai.djl.ndarray.types.DataType.INT64, false)
                                .reshape(-1, 1),
                        1);
        return picked.reshape(-1).neg();
    }

    /** The batch mean of the per-example losses, a scalar. */
    public static NDArray mean(NDArray logits, NDArray labels) {
        return perExample(logits, labels).mean();
    }
}
