package org.gentrain.orthogonal;

import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import org.gentrain.train.Learner;

/**
 * The learning rate an update rule of its own ({@link Learner#overrideUpdate}) must use: that of
 * the run's optimizer applying the step, which the rule receives as a plain DJL {@link Optimizer};
 * it is found by identity among the learner's named optimizers and read through {@link
 * Learner#learningRate(String)}, so no rule depends on the optimizer's class.
 */
final class ActiveLearningRate {

    private ActiveLearningRate() {}

    /**
     * The learning rate in force of {@code optimizer}, one of {@code learner}'s.
     *
     * @throws IllegalStateException if it is not one of the learner's optimizers
     */
    static float of(Learner learner, Optimizer optimizer) {
        for (Map.Entry<String, ?> entry : learner.optimizers().entrySet()) {
            if (entry.getValue() == optimizer) {
                return learner.learningRate(entry.getKey());
            }
        }
        throw new IllegalStateException("the optimizer applying this step is none of the run's "
                + learner.optimizers().keySet());
    }
}
