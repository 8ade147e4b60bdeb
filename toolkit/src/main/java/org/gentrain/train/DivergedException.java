package org.gentrain.train;

/** Thrown when a training step's loss is not finite; training cannot go on from there. */
public final class DivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final float loss;

    /** A divergence at the given epoch and step (both counting from 1). */
    public DivergedException(int epoch, int step, float loss) {
        super("loss became " + loss + " at epoch " + epoch + ", step " + step);
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
    }

    /** The epoch of the non-finite loss, counting from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step within the epoch, counting from 1. */
    public int step() {
        return step;
    }

    /** The loss value, NaN or infinite. */
    public float loss() {
        return loss;
    }
}
