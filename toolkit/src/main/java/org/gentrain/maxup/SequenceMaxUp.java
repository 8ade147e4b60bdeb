package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.gentrain.text.EmbeddingNoise;
import org.gentrain.text.EmbeddingPerturbation;
import org.gentrain.text.SequenceLosses;
import org.gentrain.text.SequenceObjective;
import org.gentrain.text.SequenceStep;
import org.gentrain.train.Checks;

/**
 * MaxUp for language models (Gong, Ren, Liu, Liu, 2020): each window draws {@code m} perturbed
 * copies of every sequence's embeddings ({@link EmbeddingNoise Gaussian noise} or {@link
 * org.gentrain.text.WordDropout word dropout}) and minimises the worst, {@code (1/B) sum_b max_c
 * L(e'_{c,b})}, with {@code L} a sequence's mean next-token cross-entropy ({@link
 * SequenceLosses#perSequence}); all copies start from the same carried states, and the worst
 * copy's final states are carried to the next window. The paper reports lower perplexity for
 * AWD-LSTM on PTB and WikiText-2 with perturbations of embeddings and dropout masks (this toolkit
 * could not check the paper's exact perturbation and settings; see the project notes).
 *
 * <p><b>Schedules</b>, as {@link MaxUp}'s: {@link MaxUp.Schedule#EXACT} puts all {@code m B}
 * copies through one recorded forward and backward pass; {@link MaxUp.Schedule#FAST} scores the
 * copies without a gradient graph, then runs forward and backward on each sequence's worst copy
 * only, with the same drawn perturbation. The LSTM has no batch statistics, so with a model
 * without dropout both give the same loss and gradient (up to rounding); with model dropout the
 * scoring and training passes draw different dropout masks. With {@code m = 1} both are plain
 * training on one perturbed copy ({@link org.gentrain.text.SequenceErm#perturbed}).
 */
public final class SequenceMaxUp implements SequenceObjective {

    private final int copies;
    private final EmbeddingPerturbation perturbation;
    private final MaxUp.Schedule schedule;

    private SequenceMaxUp(Builder builder) {
        this.copies = builder.copies;
        this.perturbation = builder.perturbation;
        this.schedule = builder.schedule;
    }

    /** A builder: {@code m = 4}, Gaussian embedding noise with sigma 0.1, the fast schedule. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code m}. */
    public int copies() {
        return copies;
    }

    /** The perturbation. */
    public EmbeddingPerturbation perturbation() {
        return perturbation;
    }

    /** The schedule. */
    public MaxUp.Schedule schedule() {
        return schedule;
    }

    @Override
    public String name() {
        return "maxup-" + perturbation.describe() + "-m" + copies + "-"
                + schedule.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public NDArray step(SequenceStep step) {
        NDArray tokens = step.inputs();
        long b = tokens.getShape().get(0);
        long t = tokens.getShape().get(1);
        int m = copies;
        NDArray draws = perturbation.draw(
                step.manager(), new Shape(m * b, t, step.learner().model().embeddingSize()), DataType.FLOAT32);
        if (schedule == MaxUp.Schedule.FAST && m == 1) {
            return trainOn(step, draws);
        }
        NDArray tiledTokens = m == 1 ? tokens : tokens.tile(new long[] {m, 1});
        NDList tiledState = m == 1
                ? step.state()
                : new NDList(
                        step.state().get(0).tile(new long[] {1, m, 1}),
                        step.state().get(1).tile(new long[] {1, m, 1}));
        NDArray tiledTargets = m == 1 ? step.targets() : step.targets().tile(new long[] {m, 1});
        if (schedule == MaxUp.Schedule.EXACT) {
            return step.descend(() -> {
                NDList out = step.forwardEmbedded(perturbation.apply(step.embed(tiledTokens), draws), tiledState);
                NDArray perCopy = SequenceLosses.perSequence(out.get(0), tiledTargets);
                NDIndex rows = new NDIndex(":, {}", worstRows(step, perCopy, b));
                step.carry(out.get(1).get(rows), out.get(2).get(rows));
                return MaxUpLoss.worstPerExample(perCopy, m).mean();
            });
        }
        NDList scored =
                step.forwardEmbedded(perturbation.apply(step.embed(tiledTokens).stopGradient(), draws), tiledState);
        NDArray perCopy = SequenceLosses.perSequence(scored.get(0), tiledTargets);
        return trainOn(step, draws.get(new NDIndex("{}", worstRows(step, perCopy, b))));
    }

    /** One step on the sequences perturbed by {@code draws [B, T, ..]}, carrying their final states. */
    private NDArray trainOn(SequenceStep step, NDArray draws) {
        return step.descend(() -> {
            NDList out = step.forwardEmbedded(perturbation.apply(step.embed(step.inputs()), draws), step.state());
            step.carry(out.get(1), out.get(2));
            return SequenceLosses.perSequence(out.get(0), step.targets()).mean();
        });
    }

    /** The rows {@code c_b B + b} of each sequence's worst copy among copy-major losses {@code [m B]}. */
    private NDArray worstRows(SequenceStep step, NDArray perCopy, long b) {
        NDArray worst = MaxUpLoss.worstCopy(perCopy, copies);
        return worst.mul(step.manager().create(b)).add(step.manager().arange(0, (int) b, 1, DataType.INT64));
    }

    /** Builds {@link SequenceMaxUp}; every setting is optional. */
    public static final class Builder {
        private int copies = 4;
        private EmbeddingPerturbation perturbation;
        private MaxUp.Schedule schedule = MaxUp.Schedule.FAST;

        private Builder() {}

        /** {@code m >= 1}; 4 by default (the paper's ImageNet setting and the benchmark's). */
        public Builder optCopies(int copies) {
            this.copies = copies;
            return this;
        }

        /** The perturbation that draws the copies; Gaussian embedding noise, sigma 0.1, by default. */
        public Builder optPerturbation(EmbeddingPerturbation perturbation) {
            this.perturbation = Checks.required("perturbation", perturbation);
            return this;
        }

        /** The schedule; {@link MaxUp.Schedule#FAST} by default. */
        public Builder optSchedule(MaxUp.Schedule schedule) {
            this.schedule = Checks.required("schedule", schedule);
            return this;
        }

        /** Validates and builds. */
        public SequenceMaxUp build() {
            Checks.atLeast("copies", copies, 1);
            if (perturbation == null) {
                perturbation = new EmbeddingNoise(0.1);
            }
            return new SequenceMaxUp(this);
        }
    }
}
