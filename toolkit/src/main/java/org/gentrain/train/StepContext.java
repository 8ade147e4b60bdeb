package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.Supplier;

/**
 * One training step on one batch, as an {@link Objective} sees it: the batch, the model's forward
 * pass, and {@link #descend}, which records gradients of a loss, adds the regularisers and takes
 * an optimizer step.
 *
 * <p>Every array made during the step belongs to the step and is closed when it ends (the {@link
 * #manager()} and an {@link ai.djl.ndarray.NDScope} around the step), so a long run does not grow
 * in memory.
 */
public final class StepContext {

    private final Learner learner;
    private final NDManager manager;
    private final NDArray data;
    private final NDArray labels;
    private final int epoch;
    private final int batchIndex;
    private final long globalStep;
    private float loss = Float.NaN;

    StepContext(
            Learner learner,
            NDManager manager,
            NDArray data,
            NDArray labels,
            int epoch,
            int batchIndex,
            long globalStep) {
        this.learner = learner;
        this.manager = manager;
        this.data = data;
        this.labels = labels;
        this.epoch = epoch;
        this.batchIndex = batchIndex;
        this.globalStep = globalStep;
    }

    /** The learner that runs this step. */
    public Learner learner() {
        return learner;
    }

    /** The step's manager: arrays made here are closed at the end of the step. */
    public NDManager manager() {
        return manager;
    }

    /** The batch's inputs, {@code [N, C, H, W]}, on the model's device. */
    public NDArray data() {
        return data;
    }

    /** The batch's labels, int64 {@code [N]}, on the model's device. */
    public NDArray labels() {
        return labels;
    }

    /** The epoch, counting from 1. */
    public int epoch() {
        return epoch;
    }

    /** The batch's index within its epoch, counting from 0. */
    public int batchIndex() {
        return batchIndex;
    }

    /** The number of steps taken before this one in the whole run. */
    public long globalStep() {
        return globalStep;
    }

    /** The model's training-mode forward pass; records gradients inside {@link #descend}. */
    public NDArray forward(NDArray input) {
        return learner.forward(new NDList(input), true).singletonOrThrow();
    }

    /** The model's forward pass on several inputs, in training or inference mode. */
    public NDList forward(NDList inputs, boolean training) {
        return learner.forward(inputs, training);
    }

    /**
     * One optimizer step with the primary optimizer on {@code loss + regularisers}.
     *
     * @param loss computes the loss; it runs while gradients are recorded
     * @return the minimised value (loss plus penalties), a scalar
     */
    public NDArray descend(Supplier<NDArray> loss) {
        return descend(Learner.PRIMARY, true, loss);
    }

    /**
     * One optimizer step with a named optimizer, with or without the run's regularisers. Each name
     * has an optimizer with its own state ({@link Learner#optimizer}).
     *
     * @param optimizer the optimizer's name; {@link Learner#PRIMARY} is the run's own
     * @param withRegularizers whether to add the regularisers' penalties to the loss
     * @param loss computes the loss; it runs while gradients are recorded
     * @return the minimised value, a scalar
     */
    public NDArray descend(String optimizer, boolean withRegularizers, Supplier<NDArray> loss) {
        NDArray total;
        try (GradientCollector collector = learner.newGradientCollector()) {
            total = loss.get();
            if (withRegularizers) {
                for (Regularizer regularizer : learner.recipe().regularizers()) {
                    total = total.add(regularizer.penalty(this));
                }
            }
            collector.backward(total);
        }
        learner.applyGradients(optimizer);
        return total;
    }

    /** The sum of the regularisers' penalties for the current parameters (0 if there are none). */
    public NDArray penalty() {
        NDArray sum = manager.zeros(new ai.djl.ndarray.types.Shape(), data.getDataType());
        for (Regularizer regularizer : learner.recipe().regularizers()) {
            sum = sum.add(regularizer.penalty(this));
        }
        return sum;
    }

    /** The step's loss, once the objective has returned it; NaN before. */
    public float loss() {
        return loss;
    }

    void setLoss(float value) {
        this.loss = value;
    }
}
