package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.train.CrossEntropy;

/**
 * A loss with one value per example: {@code [N]} from predictions {@code [N, ..]} and integer
 * labels {@code [N]}. MaxUp needs per-example values to find each example's worst copy.
 */
@FunctionalInterface
public interface PerExampleLoss {

    /** The per-example losses {@code [N]}. */
    NDArray perExample(NDArray predictions, NDArray labels);

    /** Softmax cross-entropy, {@code -log softmax(z)[y]}: MaxUp's default. */
    static PerExampleLoss crossEntropy() {
        return CrossEntropy::perExample;
    }

    /**
     * A DJL loss used per example. DJL's losses reduce to the batch mean by default; only one that
     * returns a value per example ({@code [N]}) can be used, and any other is rejected at its
     * first batch with its name.
     */
    static PerExampleLoss of(Loss loss) {
        return (predictions, labels) -> {
            NDArray value = loss.evaluate(new NDList(labels), new NDList(predictions));
            long n = predictions.getShape().get(0);
            if (value.getShape().dimension() != 1 || value.getShape().get(0) != n) {
                throw new IllegalArgumentException("loss " + loss.getName()
                        + " must give one value per example, shape [" + n + "], gave " + value.getShape());
            }
            return value;
        };
    }
}
