package org.gentrain.complement;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import org.gentrain.data.LabelGroups;
import org.gentrain.train.Checks;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.StepContext;

/**
 * Hierarchical complement objective training, HCOT (Chen et al., 2019; arm {@code hcot}): as
 * {@link ComplementObjectiveTraining}, for every batch one optimizer step on the primary loss
 * (softmax cross-entropy by default, plus the run's regularisers), then a fresh forward pass with
 * the updated weights and one step on {@code inner + outer} ({@link HierarchicalComplementEntropy})
 * over a label tree, with the second optimizer {@value ComplementObjectiveTraining#COMPLEMENT_OPTIMIZER}
 * that keeps its own momentum state (the run's settings unless {@link
 * Builder#optComplementOptimizer} gives others, as the authors do).
 *
 * <p>The authors report, for a PreAct ResNet-18 on CIFAR-100 with its 20 superclasses as the
 * groups, test error 25.44% (cross-entropy), 24.73% (COT), 23.8% (HCOT).
 *
 * <p>The label tree must cover exactly the model's classes: {@link #onTrainingStart} compares it
 * with the width of the model's output and rejects a mismatch before the first step.
 */
public final class HierarchicalComplementObjectiveTraining implements Objective {

    private final HierarchicalComplementEntropy complement;
    private final AlternatingComplementSteps alternating;

    private HierarchicalComplementObjectiveTraining(Builder builder) {
        this.complement = new HierarchicalComplementEntropy(builder.groups);
        this.alternating = new AlternatingComplementSteps(builder.primary, complement, builder.complementSettings);
    }

    /** A builder; the label tree is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The label tree. */
    public LabelGroups groups() {
        return complement.groups();
    }

    /** The complement step's loss. */
    public HierarchicalComplementEntropy complementLoss() {
        return complement;
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "hcot";
    }

    /**
     * Checks that the label tree has as many classes as the model's output is wide, then registers
     * the complement optimizer with its own settings, if it has any.
     *
     * @throws IllegalArgumentException if the counts differ
     */
    @Override
    public void onTrainingStart(Learner learner) {
        Block block = learner.block();
        Shape[] outputs = block.getOutputShapes(block.getInputShapes());
        Shape logits = outputs[0];
        groups().requireClasses((int) logits.get(logits.dimension() - 1), "the model's output " + logits);
        alternating.registerOptimizer(learner);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray step(StepContext step) {
        return alternating.step(step);
    }

    /** Builds a {@link HierarchicalComplementObjectiveTraining}. */
    public static final class Builder {
        private LabelGroups groups;
        private Loss primary = AlternatingComplementSteps.softmaxCrossEntropy();
        private OptimizerSettings complementSettings;

        private Builder() {}

        /** The label tree: the group of every class (required). */
        public Builder setGroups(LabelGroups groups) {
            this.groups = groups;
            return this;
        }

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
         * Validates the settings and builds the objective.
         *
         * @throws IllegalArgumentException if the groups are not set
         */
        public HierarchicalComplementObjectiveTraining build() {
            Checks.required("groups", groups);
            return new HierarchicalComplementObjectiveTraining(this);
        }
    }
}
