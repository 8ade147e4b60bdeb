package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.training.loss.Loss;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.StepContext;

/**
 * Complement objective training, COT (Chen et al., "Complement Objective Training", ICLR 2019).
 *
 * <p>Alternating (the paper's algorithm, arm {@code cot}): for every batch, one optimizer step on
 * the primary loss (softmax cross-entropy by default, plus the run's regularisers), then a fresh
 * forward pass with the updated weights and one step on the {@link ComplementEntropy} with a
 * second optimizer, named {@value #COMPLEMENT_OPTIMIZER}, that keeps its own momentum state. As in
 * the authors' code the second optimizer has the same hyperparameters as the run's unless {@link
 * Builder#optComplementOptimizer} gives others. The regularisers are added to the primary step
 * only: they belong to the primary objective.
 *
 * <p>Single step (arm {@code cot-single}, {@link Builder#optSingleStep}): one forward, one
 * backward and one step on {@code primary + gamma * complement}, for users who want a single
 * backward pass; this is a variant, not the paper's algorithm.
 *
 * <p>The step's reported loss is the primary loss (comparable with {@code erm}); if the complement
 * step produced a non-finite value, that value is reported instead, so divergence is caught.
 */
public final class ComplementObjectiveTraining implements Objective {

    /** The name of the complement step's optimizer in {@link Learner#optimizers()}. */
    public static final String COMPLEMENT_OPTIMIZER = "complement";

    private final ComplementEntropy complement = new ComplementEntropy();
    private final AlternatingComplementSteps alternating;
    private final Double gamma;

    private ComplementObjectiveTraining(Builder builder) {
        this.alternating = new AlternatingComplementSteps(builder.primary, complement, builder.complementSettings);
        this.gamma = builder.gamma;
    }

    /** A builder: alternating COT with cross-entropy by default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this is the one-step variant {@code primary + gamma * complement}. */
    public boolean singleStep() {
        return gamma != null;
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return singleStep() ? "cot-single" : "cot";
    }

    /** Registers the complement optimizer with its own settings, if it has any. */
    @Override
    public void onTrainingStart(Learner learner) {
        if (!singleStep()) {
            alternating.registerOptimizer(learner);
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDArray step(StepContext step) {
        if (!singleStep()) {
            return alternating.step(step);
        }
        return step.descend(() -> {
            NDArray logits = step.forward(step.data());
            NDArray weight = Constants.like(logits, gamma);
            return alternating
                    .primaryLoss(logits, step.labels())
                    .add(complement.mean(logits, step.labels()).mul(weight));
        });
    }

    /**
     * The step's reported loss: {@code primary}, or {@code complement} where that is not finite.
     * Chosen on the device, so that the learner's one read of the loss is the step's only sync.
     */
    static NDArray reported(NDArray primary, NDArray complement) {
        NDArray complementFinite =
                complement.isNaN().logicalOr(complement.isInfinite()).logicalNot();
        return NDArrays.where(complementFinite, primary, complement);
    }

    /** Builds a {@link ComplementObjectiveTraining}; every setting is optional. */
    public static final class Builder {
        private Loss primary = AlternatingComplementSteps.softmaxCrossEntropy();
        private OptimizerSettings complementSettings;
        private Double gamma;

        private Builder() {}

        /**
         * The primary loss, {@code evaluate(labels [N], logits [N, K])} giving a scalar; softmax
         * cross-entropy by default.
         */
        public Builder optPrimaryLoss(Loss loss) {
            this.primary = Checks.required("primaryLoss", loss);
            return this;
        }

        /** Settings of the complement step's optimizer; the run's by default (as the authors do). */
        public Builder optComplementOptimizer(OptimizerSettings settings) {
            this.complementSettings = Checks.required("complementOptimizer", settings);
            return this;
        }

        /**
         * Makes it the one-step variant: one step on {@code primary + gamma * complement}.
         *
         * @param gamma the weight of the complement entropy, {@code > 0}
         */
        public Builder optSingleStep(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** Validates the settings and builds the objective. */
        public ComplementObjectiveTraining build() {
            if (gamma != null) {
                Checks.inRange("gamma", gamma, 0, false, Double.MAX_VALUE, true);
            }
            if (gamma != null && complementSettings != null) {
                throw new IllegalArgumentException(
                        "complementOptimizer applies to alternating COT only, not with gamma = " + gamma);
            }
            return new ComplementObjectiveTraining(this);
        }
    }
}
