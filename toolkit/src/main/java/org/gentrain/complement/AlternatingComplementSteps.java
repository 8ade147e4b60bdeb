package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.gentrain.train.CrossEntropy;
import org.gentrain.train.Learner;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.StepContext;

/**
 * The two optimizer steps per batch that COT and HCOT share: one step on the primary loss (plus
 * the run's regularisers) with the run's optimizer, then a fresh forward pass with the updated
 * weights and one step on a complement loss with a second optimizer, named {@link
 * ComplementObjectiveTraining#COMPLEMENT_OPTIMIZER}, that keeps its own momentum state (the run's
 * settings unless others are given). The reported loss is the primary one, unless the complement
 * step's value is not finite, so divergence is caught (chosen on the device, without a sync).
 */
final class AlternatingComplementSteps {

    private final Loss primary;
    private final Loss complement;
    private final OptimizerSettings complementSettings;

    /**
     * @param primary {@code evaluate(labels [N], logits [N, K])} giving a scalar
     * @param complement the same for the complement step
     * @param complementSettings the complement optimizer's settings, or null for the run's
     */
    AlternatingComplementSteps(Loss primary, Loss complement, OptimizerSettings complementSettings) {
        this.primary = primary;
        this.complement = complement;
        this.complementSettings = complementSettings;
    }

    /** Softmax cross-entropy as a DJL loss, through {@link CrossEntropy} (no scalars in the graph). */
    static Loss softmaxCrossEntropy() {
        return new SoftmaxCrossEntropy();
    }

    /** Registers the complement optimizer with its own settings, if it has any. */
    void registerOptimizer(Learner learner) {
        if (complementSettings != null) {
            learner.optimizer(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER, complementSettings);
        }
    }

    /** The primary loss of logits and labels. */
    NDArray primaryLoss(NDArray logits, NDArray labels) {
        return primary.evaluate(new NDList(labels), new NDList(logits));
    }

    /** The two steps on the step's batch; returns the primary loss (or a non-finite complement value). */
    NDArray step(StepContext step) {
        NDArray primaryValue = step.descend(() -> primaryLoss(step.forward(step.data()), step.labels()));
        NDArray complementValue = step.descend(
                ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER,
                false,
                () -> complement.evaluate(new NDList(step.labels()), new NDList(step.forward(step.data()))));
        return ComplementObjectiveTraining.reported(primaryValue, complementValue);
    }

    private static final class SoftmaxCrossEntropy extends Loss {
        SoftmaxCrossEntropy() {
            super("SoftmaxCrossEntropy");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return CrossEntropy.mean(predictions.head(), labels.head());
        }
    }
}
