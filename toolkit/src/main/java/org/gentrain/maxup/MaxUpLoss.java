package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.train.Checks;

/**
 * MaxUp's loss (Gong, Ren, Liu, Liu 2020, eq. 1) for {@code m} augmented copies of {@code B}
 * examples: {@code L = (1/B) sum_i max_{c in 1..m} l(x'_{c,i}, y_i)}. Predictions come copy-major,
 * {@code [m * B, ..]} with copy {@code c} of example {@code i} at row {@code c * B + i}; labels are
 * the {@code B} examples' labels. The gradient flows only through each example's worst copy.
 */
public final class MaxUpLoss extends Loss {

    private final int copies;
    private final PerExampleLoss loss;

    /** Worst-of-{@code copies} cross-entropy. */
    public MaxUpLoss(int copies) {
        this(copies, PerExampleLoss.crossEntropy());
    }

    /** Worst-of-{@code copies} of any per-example loss. */
    public MaxUpLoss(int copies, PerExampleLoss loss) {
        super("MaxUpLoss");
        Checks.atLeast("copies", copies, 1);
        this.copies = copies;
        this.loss = Checks.required("loss", loss);
    }

    /** The number of copies {@code m}. */
    public int copies() {
        return copies;
    }

    /**
     * The mean over examples of the worst copy's loss, a scalar.
     *
     * @param labels the examples' labels {@code [B]} (or already repeated, {@code [m * B]})
     * @param predictions copy-major predictions {@code [m * B, ..]}
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray prediction = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow();
        long rows = prediction.getShape().get(0);
        if (rows % copies != 0) {
            throw new IllegalArgumentException(
                    "predictions must have copies * B rows (copies = " + copies + "), had " + rows);
        }
        if (label.getShape().get(0) != rows) {
            label = label.tile(copies);
        }
        return worstPerExample(loss.perExample(prediction, label), copies).mean();
    }

    /** Each example's largest loss over its copies, {@code [B]}, from copy-major losses {@code [m * B]}. */
    public static NDArray worstPerExample(NDArray perCopy, int copies) {
        return perCopy.reshape(copies, -1).max(new int[] {0});
    }

    /** Each example's worst copy {@code c in 0..m-1}, int64 {@code [B]}, from copy-major losses {@code [m * B]}. */
    public static NDArray worstCopy(NDArray perCopy, int copies) {
        return perCopy.reshape(copies, -1).argMax(0);
    }
}
