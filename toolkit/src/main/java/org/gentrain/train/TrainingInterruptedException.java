package org.gentrain.train;

/**
 * Thrown by {@link Learner#trainEpoch} when the training thread is interrupted (a notebook's
 * interrupt button, {@link Thread#interrupt()}): training stops before the next step, and the
 * thread's interrupt flag is cleared. The learner stays usable: its model holds the weights of the
 * last finished step, and {@link Learner#epochsCompleted()} counts only finished epochs, so a
 * further {@code trainEpoch} starts that epoch again from the current weights. An ablation keeps
 * the checkpoint of every finished epoch and continues with {@code resume}.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    /** Training was interrupted in {@code epoch} before {@code step} (both from 1). */
    public TrainingInterruptedException(int epoch, int step, int steps) {
        super("training interrupted in epoch " + epoch + " before step " + step + " of " + steps
                + "; the model keeps the weights of the last finished step, " + (epoch - 1) + " epochs completed");
        this.epoch = epoch;
        this.step = step;
    }

    /** The epoch that was running, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step that did not start, from 1. */
    public int step() {
        return step;
    }
}
