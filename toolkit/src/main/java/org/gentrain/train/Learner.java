package org.gentrain.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.gentrain.data.DeviceImages;
import org.gentrain.data.ImageSet;

/**
 * Trains one model with one {@link Recipe}: the training loop every technique plugs into.
 *
 * <p>Each step runs inside a sub-{@link NDManager} and an {@link NDScope} that are closed when the
 * step ends; the data lives on the model's device and batches are gathered there, with a seeded
 * order that depends only on the seed and the epoch (so every arm of an ablation sees the same
 * batches). The engine's random generator is reseeded from the seed and the epoch at the start of
 * every epoch, so the same seed gives the same losses on the CPU, and a run resumed at an epoch
 * boundary continues exactly. At each epoch's start every optimizer takes its schedule's learning
 * rate for that epoch ({@link OptimizerSettings#learningRateAt}); an optional {@link
 * TrainAugmentation} transforms every training batch on the device before the objective sees it.
 *
 * <pre>{@code
 * try (Learner learner = Learner.builder()
 *         .setModel(SmallCnn.create())
 *         .setInputShape(train.imageShape())
 *         .optRecipe(Recipe.erm())
 *         .optSeed(7)
 *         .build()) {
 *     learner.trainEpoch(train);
 *     double accuracy = learner.evaluate(test);
 * }
 * }</pre>
 */
public final class Learner implements AutoCloseable {

    /** The name of the run's own optimizer. */
    public static final String PRIMARY = "primary";

    /** The purpose under which {@link #derivedSeed} seeds the training batches' augmentation. */
    public static final String TRAIN_AUGMENTATION = "train-augmentation";

    private final Model model;
    private final Recipe recipe;
    private final OptimizerSettings optimizerSettings;
    private final long seed;
    private final int batchSize;
    private final List<TrainingHook> hooks;
    private final TrainAugmentation trainAugmentation;
    private final Map<String, StatefulOptimizer> optimizers = new LinkedHashMap<>();
    private final Map<String, ParameterUpdate> overrides = new LinkedHashMap<>();
    private final Map<ImageSet, DeviceImages> uploads = new IdentityHashMap<>();
    private final List<Parameter> trainable = new ArrayList<>();
    private ParameterStore parameterStore;
    private int epochsCompleted;
    private long globalStep;

    private Learner(Builder builder) {
        this.recipe = builder.recipe;
        this.optimizerSettings = builder.optimizer;
        this.seed = builder.seed;
        this.batchSize = builder.batchSize;
        this.trainAugmentation = builder.trainAugmentation;
        recipe.checkInputShape(builder.inputShape);
        claim(recipe);
        try {
            model = start(builder);
        } catch (RuntimeException e) {
            release(recipe);
            throw e;
        }
        hooks = new ArrayList<>(recipe.hooks());
        hooks.addAll(builder.hooks);
        try {
            for (TrainingHook hook : hooks) {
                hook.onTrainingStart(this);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Transforms and initialises the model, and makes the primary optimizer. */
    private Model start(Builder builder) {
        Block block = builder.model;
        for (ModelTransform transform : recipe.transforms()) {
            block = transform.apply(block);
        }
        Engine.getInstance().setRandomSeed((int) mix(seed, 0));
        Model model = builder.device == null
                ? Model.newInstance("gentrain-" + recipe.name())
                : Model.newInstance("gentrain-" + recipe.name(), builder.device);
        model.setBlock(block);
        Shape input = new Shape(1).addAll(builder.inputShape);
        block.initialize(model.getNDManager(), DataType.FLOAT32, input);
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                trainable.add(pair.getValue());
            }
        }
        parameterStore = new ParameterStore(model.getNDManager(), false);
        optimizers.put(PRIMARY, newOptimizer(optimizerSettings));
        return model;
    }

    /** The recipe parts of open learners: a part belongs to one run at a time. */
    private static final java.util.Set<TrainingHook> CLAIMED =
            java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private static void claim(Recipe recipe) {
        synchronized (CLAIMED) {
            for (TrainingHook part : recipe.hooks()) {
                if (CLAIMED.contains(part)) {
                    throw new IllegalArgumentException(
                            "recipe " + recipe.name() + " is in use by another open Learner: "
                                    + "its parts keep per-run state, so build a fresh recipe for every run "
                                    + "(Arm.newRecipe(), or a recipe factory)");
                }
            }
            CLAIMED.addAll(recipe.hooks());
        }
    }

    private static void release(Recipe recipe) {
        synchronized (CLAIMED) {
            recipe.hooks().forEach(CLAIMED::remove);
        }
    }

    /** A builder for a learner. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains one epoch over {@code train}. */
    public EpochResult trainEpoch(ImageSet train) {
        return trainEpoch(train, Integer.MAX_VALUE);
    }

    /**
     * Trains the next epoch over {@code train}, stopping after {@code maxSteps} steps.
     *
     * @throws DivergedException if a step's loss is not finite
     * @throws TrainingInterruptedException if the thread is interrupted; checked before every step
     */
    public EpochResult trainEpoch(ImageSet train, int maxSteps) {
        int epoch = epochsCompleted + 1;
        DeviceImages images = upload(train);
        int[] order = permutation(train.size(), mix(seed, epoch));
        int steps = Math.min(maxSteps, (train.size() + batchSize - 1) / batchSize);
        double[] millis = new double[steps];
        double lossSum = 0;
        Engine.getInstance().setRandomSeed((int) mix(seed, epoch));
        for (StatefulOptimizer optimizer : optimizers.values()) {
            optimizer.startEpoch(epoch - 1);
        }
        for (TrainingHook hook : hooks) {
            hook.onEpochStart(this, epoch);
        }
        for (int s = 0; s < steps; s++) {
            if (Thread.interrupted()) {
                throw new TrainingInterruptedException(epoch, s + 1, steps);
            }
            long start = System.nanoTime();
            int from = s * batchSize;
            int to = Math.min(train.size(), from + batchSize);
            float loss;
            try (NDManager stepManager = model.getNDManager().newSubManager();
                    NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray index = stepManager.create(java.util.Arrays.copyOfRange(order, from, to));
                NDIndex rows = new NDIndex("{}", index);
                NDArray data = images.images(rows);
                if (trainAugmentation != null) {
                    data = trainAugmentation.apply(data, mix(derivedSeed(TRAIN_AUGMENTATION, epoch), s));
                }
                NDArray labels = images.labels(rows);
                StepContext step = new StepContext(this, stepManager, data, labels, epoch, s, globalStep);
                // A loss built with a double scalar (array.mul(0.1)) comes out as float64 in DJL.
                loss = recipe.objective()
                        .step(step)
                        .toType(DataType.FLOAT32, false)
                        .getFloat();
                step.setLoss(loss);
                if (!Float.isFinite(loss)) {
                    throw new DivergedException(epoch, s + 1, loss);
                }
                for (TrainingHook hook : hooks) {
                    hook.onStepEnd(step);
                }
            }
            globalStep++;
            lossSum += loss;
            millis[s] = (System.nanoTime() - start) / 1e6;
        }
        epochsCompleted = epoch;
        for (TrainingHook hook : hooks) {
            hook.onEpochEnd(this, epoch);
        }
        return new EpochResult(epoch, steps, lossSum / steps, millis);
    }

    /**
     * Trains {@code epochs} more epochs on {@code data.train()}, evaluating on {@code data.test()}
     * after each, and returns one row per epoch: {@code epoch}, {@code train_loss}, {@code
     * test_accuracy}, {@code step_ms} (the epoch's median step time; the run's first {@value
     * StepTiming#WARMUP_STEPS} steps, which warm the engine up, are left out) and a column for every
     * value that a hook implementing {@link EpochMetrics} records (such as {@code energy_conv1}).
     *
     * <pre>{@code
     * try (Learner learner = Learner.builder().setModel(SmallCnn.create())
     *         .setInputShape(data.train().imageShape()).optRecipe(arm.newRecipe()).build()) {
     *     show(learner.fit(data, 3));
     * }
     * }</pre>
     *
     * @throws DivergedException if a step's loss is not finite (the rows so far are lost; use
     *     {@link #trainEpoch} to keep them)
     * @throws TrainingInterruptedException if the thread is interrupted
     */
    public tech.tablesaw.api.Table fit(org.gentrain.data.TrainTestSplit data, int epochs) {
        Checks.atLeast("epochs", epochs, 1);
        EpochTable table = new EpochTable();
        for (int e = 0; e < epochs; e++) {
            EpochResult result = trainEpoch(data.train());
            double accuracy = evaluate(data.test());
            table.add(
                    result.epoch(), result.meanLoss(), accuracy, StepTiming.median(result), metricsAt(result.epoch()));
        }
        return table.toTable("epochs of " + recipe.name());
    }

    /** What the hooks implementing {@link EpochMetrics} recorded after {@code epoch}, in hook order. */
    public Map<String, Double> metricsAt(int epoch) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (TrainingHook hook : hooks) {
            if (hook instanceof EpochMetrics measured) {
                metrics.putAll(measured.metricsAt(epoch));
            }
        }
        return metrics;
    }

    /** The fraction of {@code test} that the model classifies correctly (inference mode). */
    public double evaluate(ImageSet test) {
        DeviceImages images = upload(test);
        long correct = 0;
        int chunk = 1000;
        for (int from = 0; from < test.size(); from += chunk) {
            int to = Math.min(test.size(), from + chunk);
            try (NDManager evalManager = model.getNDManager().newSubManager();
                    NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDIndex rows = new NDIndex(from + ":" + to);
                NDArray logits = forward(new NDList(images.images(rows)), false).singletonOrThrow();
                NDArray predicted = logits.argMax(1);
                correct += predicted.eq(images.labels(rows)).sum().getLong();
            }
        }
        return (double) correct / test.size();
    }

    /** The model's forward pass; in training mode its batch norms use batch statistics. */
    public NDList forward(NDList inputs, boolean training) {
        return model.getBlock().forward(parameterStore, inputs, training);
    }

    /**
     * A forward pass of one part of the model (a block inside {@link #block()}), reading the
     * parameters as the whole model's forward pass does.
     */
    public NDList forward(Block part, NDList inputs, boolean training) {
        return part.forward(parameterStore, inputs, training);
    }

    /** A gradient collector of the model's engine; only one may be open at a time. */
    public GradientCollector newGradientCollector() {
        return model.getNDManager().getEngine().newGradientCollector();
    }

    /**
     * Applies the recorded gradients with the named optimizer (made on first use, with the run's
     * settings and an empty state of its own), then zeroes them. Parameters claimed with {@link
     * #overrideUpdate} use their own rule.
     */
    public void applyGradients(String optimizerName) {
        StatefulOptimizer optimizer = optimizer(optimizerName);
        for (Parameter parameter : trainable) {
            NDArray weight = parameter.getArray();
            NDArray grad = weight.getGradient();
            ParameterUpdate rule = overrides.get(parameter.getId());
            if (rule != null) {
                rule.update(parameter.getId(), weight, grad, optimizer);
            } else {
                optimizer.update(parameter.getId(), weight, grad);
            }
            grad.subi(grad);
        }
    }

    /**
     * The optimizer of that name, made on first use with the run's settings and a fresh state, at
     * the current epoch's scheduled learning rate.
     */
    public StatefulOptimizer optimizer(String name) {
        return optimizers.computeIfAbsent(name, k -> newOptimizer(optimizerSettings));
    }

    /**
     * The optimizer of that name with settings of its own (not the run's), made now with a fresh
     * state if it does not exist yet; an objective registers it in {@link
     * TrainingHook#onTrainingStart}, before a checkpoint may restore its state.
     *
     * @throws IllegalArgumentException if an optimizer of that name exists with other settings
     */
    public StatefulOptimizer optimizer(String name, OptimizerSettings settings) {
        Checks.required("settings", settings);
        StatefulOptimizer optimizer = optimizers.computeIfAbsent(name, k -> newOptimizer(settings));
        if (!optimizer.settings().equals(settings)) {
            throw new IllegalArgumentException(
                    "optimizer '" + name + "' exists with settings " + optimizer.settings() + ", not " + settings);
        }
        return optimizer;
    }

    /**
     * The learning rate in force of the named optimizer (made on first use, as {@link
     * #optimizer(String)}), for update rules of their own ({@link #overrideUpdate}).
     */
    public float learningRate(String optimizerName) {
        return optimizer(optimizerName).learningRate();
    }

    /** Every optimizer made so far, by name (the primary first). */
    public Map<String, StatefulOptimizer> optimizers() {
        return java.util.Collections.unmodifiableMap(optimizers);
    }

    /** A fresh optimizer at the scheduled rate of the epoch now training (or next to train). */
    private StatefulOptimizer newOptimizer(OptimizerSettings settings) {
        StatefulOptimizer optimizer = settings.newOptimizer();
        optimizer.startEpoch(epochsCompleted);
        return optimizer;
    }

    /** Replaces the optimizer's update for one parameter with {@code rule}. */
    public void overrideUpdate(String parameterId, ParameterUpdate rule) {
        overrides.put(parameterId, rule);
    }

    /** The parameters that receive gradients. */
    public List<Parameter> trainableParameters() {
        return java.util.Collections.unmodifiableList(trainable);
    }

    /** The DJL model: its block, parameters and manager. */
    public Model model() {
        return model;
    }

    /** The (transformed) model's block. */
    public Block block() {
        return model.getBlock();
    }

    /** The manager of long-lived arrays of this run (the model's). */
    public NDManager manager() {
        return model.getNDManager();
    }

    /** The device the model trains on. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** The recipe this learner trains with. */
    public Recipe recipe() {
        return recipe;
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** A seed derived from the run's seed for a named purpose and an epoch (or 0). */
    public long derivedSeed(String purpose, int epoch) {
        return mix(mix(seed, purpose.hashCode()), epoch);
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The augmentation of every training batch, if any. */
    public java.util.Optional<TrainAugmentation> trainAugmentation() {
        return java.util.Optional.ofNullable(trainAugmentation);
    }

    /** The optimizer settings of the run. */
    public OptimizerSettings optimizerSettings() {
        return optimizerSettings;
    }

    /** The number of epochs trained so far. */
    public int epochsCompleted() {
        return epochsCompleted;
    }

    /** The number of steps trained so far. */
    public long globalStep() {
        return globalStep;
    }

    /**
     * Sets the progress counters, after the parameters and optimizer states were restored from a
     * checkpoint taken at the end of {@code epochs}.
     */
    public void restoreProgress(int epochs, long steps) {
        this.epochsCompleted = epochs;
        this.globalStep = steps;
        this.parameterStore = new ParameterStore(model.getNDManager(), false);
    }

    @Override
    public void close() {
        release(recipe);
        uploads.values().forEach(DeviceImages::close);
        uploads.clear();
        model.close();
    }

    private DeviceImages upload(ImageSet set) {
        return uploads.computeIfAbsent(set, s -> s.upload(model.getNDManager()));
    }

    static long mix(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0x7fffffffL;
    }

    private static int[] permutation(int n, long seed) {
        return Shuffling.permutation(n, new SplittableRandom(seed));
    }

    /** Builds a {@link Learner}; {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private Block model;
        private Shape inputShape;
        private Recipe recipe = Recipe.erm();
        private OptimizerSettings optimizer = OptimizerSettings.PROTOCOL;
        private TrainAugmentation trainAugmentation;
        private long seed = 0;
        private int batchSize = 128;
        private Device device;
        private final List<TrainingHook> hooks = new ArrayList<>();

        /** The model to train, not yet initialised. */
        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        /** The model to train, made by a factory. */
        public Builder setModel(Supplier<Block> factory) {
            return setModel(factory.get());
        }

        /** The shape of one input example without the batch axis, such as {@code (1, 28, 28)}. */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /** What to train with; plain cross-entropy by default. */
        public Builder optRecipe(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        /** Optimizer, hyperparameters and schedule; the benchmark protocol's SGD by default. */
        public Builder optOptimizer(OptimizerSettings optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * An augmentation of every training batch, on the device, before the objective sees it
         * (such as {@link TrainAugmentation#cropFlip}); none by default. Evaluation never augments.
         * Each batch's draw is seeded from the run's seed, the epoch and the step, so a resumed run
         * draws the same.
         */
        public Builder optTrainAugmentation(TrainAugmentation augmentation) {
            this.trainAugmentation = augmentation;
            return this;
        }

        /** The seed of initialisation, data order and every random source of the run; 0 by default. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The batch size, 128 by default. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The device; DJL's default (a GPU where there is one) if not set. */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Extra hooks, such as a progress bar or an energy recorder. */
        public Builder addHook(TrainingHook hook) {
            hooks.add(hook);
            return this;
        }

        /** Validates the settings and builds the learner, initialising the model. */
        public Learner build() {
            Checks.required("model", model);
            Checks.required("inputShape", inputShape);
            Checks.required("recipe", recipe);
            Checks.required("optimizer", optimizer);
            Checks.atLeast("batchSize", batchSize, 1);
            return new Learner(this);
        }
    }
}
