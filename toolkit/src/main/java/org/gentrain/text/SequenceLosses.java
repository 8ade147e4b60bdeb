package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import org.gentrain.train.CrossEntropy;

/** Next-token cross-entropy of language-model logits. */
public final class SequenceLosses {

    private SequenceLosses() {}

    /**
     * Each sequence's mean next-token cross-entropy, {@code [B]}: {@code (1/T) sum_t -log
     * softmax(z_{b,t})[y_{b,t}]}.
     *
     * @param logits {@code [B, T, V]}
     * @param targets {@code [B, T]}
     */
    public static NDArray perSequence(NDArray logits, NDArray targets) {
        ai.djl.ndarray.types.Shape shape = targets.getShape();
        NDArray perToken =
                CrossEntropy.perExample(logits.reshape(-1, logits.getShape().get(2)), targets.reshape(-1));
        return perToken.reshape(shape.get(0), shape.get(1)).mean(new int[] {1});
    }
}
