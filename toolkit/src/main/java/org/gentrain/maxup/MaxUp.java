package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gentrain.augment.Augmentation;
import org.gentrain.augment.AugmentationCatalog;
import org.gentrain.augment.Augmented;
import org.gentrain.augment.Cutout;
import org.gentrain.augment.Targets;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checks;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.StepContext;

/**
 * MaxUp (Gong, Ren, Liu, Liu, "MaxUp: A Simple Way to Improve Generalization of Neural Network
 * Training", 2020): each step draws {@code m} augmented copies {@code x'_{1..m}} of every example
 * and minimises the worst, {@code (1/B) sum_i max_c L(x'_{c,i}, y_i)} ({@link MaxUpLoss}); only each
 * example's worst copy contributes a gradient. With Gaussian noise this acts like the gradient-norm
 * penalty {@code L(x) + c ||grad_x L(x)||}, {@code c = Theta(sigma sqrt(log m))}.
 *
 * <p>Defaults: {@code m = 4} and Cutout 8 x 8 (the benchmark protocol; the paper uses m = 4 on
 * ImageNet and up to 10 on CIFAR), cross-entropy, the {@link Schedule#FAST fast} schedule, no
 * warm-up. With {@link Builder#optWarmupEpochs} the first epochs train with {@code m = 1} (one
 * augmented copy, plain augmented training), as the paper does before switching MaxUp on.
 *
 * <p><b>Schedules.</b> {@link Schedule#EXACT} puts all {@code m B} copies through one recorded
 * forward pass and backward (what the authors' code does; about {@code m} times the cost of a
 * plain step). {@link Schedule#FAST} scores all copies in a training-mode forward pass that
 * records no gradient graph, picks each example's worst copy, then runs forward and backward on
 * those {@code B} images only. The scoring pass runs one copy of the batch at a time with batch
 * norms normalising by the statistics of all {@code m B} copies ({@link JointlyNormalisedForward}),
 * so it picks exactly the copies the exact schedule's pass would. Without batch normalisation both
 * schedules give the same loss and gradient. With batch normalisation in training mode they
 * differ in the training pass: the fast schedule normalises the {@code B} worst copies with their
 * own statistics, so the loss and gradient are those of a batch of {@code B} hard examples rather
 * than of the worst entries of a batch of {@code m B}. The fast schedule also saves the batch
 * norms' running statistics before scoring and restores them after, so they move once per step
 * from the worst copies' statistics, as in a plain step (the exact schedule moves them once from
 * all copies).
 *
 * <pre>{@code
 * MaxUp maxUp = MaxUp.builder()
 *         .optCopies(4)
 *         .optAugmentation(Cutout.builder().setSize(8).build())
 *         .optSchedule(MaxUp.Schedule.FAST)
 *         .build();
 * Learner learner = Learner.builder()...optRecipe(Recipe.of(maxUp)).build();
 * }</pre>
 */
public final class MaxUp implements Objective {

    /** How the worst copies' gradient is computed. */
    public enum Schedule {
        /** All copies through one recorded forward and backward pass. */
        EXACT,
        /** Score all copies without a gradient graph, then train on the worst copies only. */
        FAST
    }

    private final String name;
    private final int copies;
    private final Augmentation augmentation;
    private final PerExampleLoss loss;
    private final int warmupEpochs;
    private final Schedule schedule;
    private RunningStatistics runningStatistics;
    private JointlyNormalisedForward scoringPass;

    private MaxUp(Builder builder) {
        this.name = builder.name;
        this.copies = builder.copies;
        this.augmentation = builder.augmentation;
        this.loss = builder.loss;
        this.warmupEpochs = builder.warmupEpochs;
        this.schedule = builder.schedule;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * MaxUp configured by arm settings: {@code copies} (4), {@code augment} (names as in {@link
     * AugmentationCatalog}, with their own keys), {@code warmup-epochs} (0), {@code schedule}
     * ({@code fast} or {@code exact}).
     *
     * @param name the objective's name, such as {@code maxup-cutout}
     * @param augment the augmentation when the settings do not name one
     * @param schedule the schedule when the settings do not name one
     */
    public static MaxUp fromOptions(String name, ArmOptions options, String augment, Schedule schedule) {
        String scheduleName =
                options.getString("schedule", schedule.name()).trim().toUpperCase(Locale.ROOT);
        Schedule chosen;
        try {
            chosen = Schedule.valueOf(scheduleName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "schedule must be fast or exact, was '" + options.getString("schedule", "") + "'");
        }
        return builder()
                .optName(name)
                .optCopies(options.getInt("copies", 4))
                .optAugmentation(AugmentationCatalog.parse(options.getString("augment", augment), options))
                .optWarmupEpochs(options.getInt("warmup-epochs", 0))
                .optSchedule(chosen)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    /** The number of copies {@code m} after the warm-up. */
    public int copies() {
        return copies;
    }

    /** The schedule. */
    public Schedule schedule() {
        return schedule;
    }

    /** The augmentation that draws the copies. */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** The number of copies used in the given epoch (1 during the warm-up). */
    public int copiesInEpoch(int epoch) {
        return epoch <= warmupEpochs ? 1 : copies;
    }

    /** Rejects images the augmentation cannot transform, such as ones smaller than a Cutout square. */
    @Override
    public void checkInputShape(Shape inputShape) {
        augmentation.checkImageShape(inputShape);
    }

    @Override
    public void onTrainingStart(Learner learner) {
        runningStatistics = new RunningStatistics(learner.block());
        scoringPass = new JointlyNormalisedForward(learner::forward);
    }

    @Override
    public void onEpochStart(Learner learner, int epoch) {
        augmentation.reseed(learner.derivedSeed("maxup-augmentation", epoch));
    }

    @Override
    public NDArray step(StepContext step) {
        int m = copiesInEpoch(step.epoch());
        NDArray data = step.data();
        NDArray labels = step.labels();
        long[] repeats = new long[data.getShape().dimension()];
        java.util.Arrays.fill(repeats, 1);
        repeats[0] = m;
        Augmented batch = augmentation.apply(m == 1 ? data : data.tile(repeats), m == 1 ? labels : labels.tile(m));
        if (m == 1) {
            return step.descend(() -> meanLoss(step, batch.images(), batch.targets()));
        }
        if (schedule == Schedule.EXACT) {
            return step.descend(() -> worstLoss(step, batch.images(), batch.targets(), m));
        }
        NDArray worst = scoreCopies(step, batch, m);
        NDArray rows = worst.mul(step.manager().create(data.getShape().get(0)))
                .add(step.manager().arange(0, (int) data.getShape().get(0), 1, DataType.INT64));
        NDArray images = batch.images().get(new NDIndex("{}", rows));
        Targets targets = batch.targets().select(rows);
        return step.descend(() -> meanLoss(step, images, targets));
    }

    /**
     * Each example's worst copy, int64 {@code [B]}, from a training-mode forward pass that records
     * no gradient graph. The pass runs one copy of the batch ({@code B} images) at a time, with
     * batch norms normalising by the statistics of all {@code m B} copies ({@link
     * JointlyNormalisedForward}): the scores of one pass over all copies, a third cheaper here,
     * since activations of {@code m B} images are fresh memory on every step.
     */
    private NDArray scoreCopies(StepContext step, Augmented batch, int m) {
        NDManager manager = step.manager();
        long b = step.data().getShape().get(0);
        List<NDArray> saved = runningStatistics.save(manager);
        List<NDArray> copies = new ArrayList<>(m);
        for (int c = 0; c < m; c++) {
            copies.add(batch.images().get("{}:{}", c * b, (c + 1) * b));
        }
        List<NDArray> logits = scoringPass.apply(step.learner().block(), copies);
        NDList perCopy = new NDList(m);
        for (int c = 0; c < m; c++) {
            NDArray copyLogits = logits.get(c);
            perCopy.add(batch.targets().rows(c * b, (c + 1) * b).perExample(y -> loss.perExample(copyLogits, y)));
        }
        runningStatistics.restore(saved);
        return MaxUpLoss.worstCopy(NDArrays.concat(perCopy), m);
    }

    private NDArray meanLoss(StepContext step, NDArray images, Targets targets) {
        NDArray logits = step.forward(images);
        return targets.perExample(y -> loss.perExample(logits, y)).mean();
    }

    private NDArray worstLoss(StepContext step, NDArray images, Targets targets, int m) {
        NDArray logits = step.forward(images);
        return MaxUpLoss.worstPerExample(targets.perExample(y -> loss.perExample(logits, y)), m)
                .mean();
    }

    /** Builds {@link MaxUp}; every setting is optional. */
    public static final class Builder {
        private String name = "maxup";
        private int copies = 4;
        private Augmentation augmentation;
        private PerExampleLoss loss = PerExampleLoss.crossEntropy();
        private int warmupEpochs;
        private Schedule schedule = Schedule.FAST;

        /** The number of copies {@code m >= 1}; 4 by default. */
        public Builder optCopies(int copies) {
            this.copies = copies;
            return this;
        }

        /** The augmentation that draws the copies; Cutout 8 x 8 by default. */
        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** The per-example loss; cross-entropy by default. */
        public Builder optLoss(PerExampleLoss loss) {
            this.loss = loss;
            return this;
        }

        /** Epochs trained with {@code m = 1} before MaxUp starts, {@code >= 0}; 0 by default. */
        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /** The schedule; {@link Schedule#FAST} by default. */
        public Builder optSchedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** The objective's name, as arms and recipes show it; {@code maxup} by default. */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** Validates and builds. */
        public MaxUp build() {
            Checks.atLeast("copies", copies, 1);
            Checks.atLeast("warmupEpochs", warmupEpochs, 0);
            Checks.required("loss", loss);
            Checks.required("schedule", schedule);
            Checks.required("name", name);
            if (augmentation == null) {
                augmentation = Cutout.builder().setSize(8).build();
            }
            return new MaxUp(this);
        }
    }
}
