package org.gentrain.text;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.gentrain.train.Checks;
import org.gentrain.train.EpochResult;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.StatefulOptimizer;

/**
 * Trains an {@link LstmLanguageModel} on {@link TokenWindows} with truncated back-propagation
 * through time: the windows in order, the hidden states carried from one window to the next
 * (detached, reset to zero at the start of every epoch), one {@link SequenceObjective} step per
 * window, gradients clipped to a global L2 norm ({@code 0.25} by default, as in the AWD-LSTM and
 * PyTorch word-language-model code) before SGD (learning rate 20, no momentum, no weight decay by
 * default, as the word-language-model example). The image {@link org.gentrain.train.Learner}
 * shuffles independent examples; a language model needs the windows in order with states carried,
 * so it has this loop of its own.
 *
 * <p>Each step runs in a sub-{@link NDManager} and an {@link NDScope} closed when it ends; only the
 * carried states (two arrays) outlive a step. The engine's generator is reseeded from the seed and
 * the epoch at every epoch's start, so a seed gives the same run on the CPU.
 */
public final class SequenceLearner implements AutoCloseable {

    /** The default optimizer: SGD with learning rate 20, as PyTorch's word-language-model example. */
    public static final OptimizerSettings DEFAULT_OPTIMIZER = new OptimizerSettings(20f, 0f, 0f);

    private final Model model;
    private final LstmLanguageModel block;
    private final SequenceObjective objective;
    private final StatefulOptimizer optimizer;
    private final double gradientClip;
    private final long seed;
    private final List<Parameter> trainable = new ArrayList<>();
    private final ParameterStore parameterStore;
    private NDManager stateManager;
    private NDList carried;
    private NDManager pendingManager;
    private NDList pending;
    private int epochsCompleted;

    private SequenceLearner(Builder builder) {
        this.block = builder.model;
        this.objective = builder.objective;
        this.optimizer = builder.optimizer.newOptimizer();
        this.gradientClip = builder.gradientClip;
        this.seed = builder.seed;
        Engine.getInstance().setRandomSeed(epochSeed(0));
        model = builder.device == null
                ? Model.newInstance("gentrain-lm")
                : Model.newInstance("gentrain-lm", builder.device);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1));
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                trainable.add(pair.getValue());
            }
        }
        parameterStore = new ParameterStore(model.getNDManager(), false);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains one epoch over every window. */
    public EpochResult trainEpoch(TokenWindows train) {
        return trainEpoch(train, Integer.MAX_VALUE);
    }

    /** Trains the next epoch over the first {@code maxSteps} windows. */
    public EpochResult trainEpoch(TokenWindows train, int maxSteps) {
        int epoch = epochsCompleted + 1;
        Engine.getInstance().setRandomSeed(epochSeed(epoch));
        resetState(train.batch());
        int steps = Math.min(maxSteps, train.size());
        double[] millis = new double[steps];
        double sum = 0;
        for (int w = 0; w < steps; w++) {
            long start = System.nanoTime();
            float loss;
            try (NDManager stepManager = model.getNDManager().newSubManager();
                    NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceStep step = new SequenceStep(
                        this,
                        stepManager,
                        train.inputs(stepManager, w),
                        train.targets(stepManager, w),
                        carried,
                        epoch,
                        w);
                loss = objective.step(step).getFloat();
            }
            commitCarry();
            if (!Float.isFinite(loss)) {
                throw new org.gentrain.train.DivergedException(epoch, w + 1, loss);
            }
            sum += loss;
            millis[w] = (System.nanoTime() - start) / 1e6;
        }
        epochsCompleted = epoch;
        return new EpochResult(epoch, steps, sum / steps, millis);
    }

    /**
     * The perplexity {@code exp((1/n) sum -log p(y_t | y_<t))} over every target token of the
     * windows, in inference mode, states carried from window to window from zero.
     */
    public double perplexity(TokenWindows windows) {
        double total = 0;
        long count = 0;
        resetState(windows.batch());
        for (int w = 0; w < windows.size(); w++) {
            try (NDManager evalManager = model.getNDManager().newSubManager();
                    NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray inputs = windows.inputs(evalManager, w);
                NDArray targets = windows.targets(evalManager, w);
                NDList out = block.forward(parameterStore, new NDList(inputs, carried.get(0), carried.get(1)), false);
                NDArray perSequence = SequenceLosses.perSequence(out.get(0), targets);
                long tokens = targets.getShape().size();
                total += perSequence.mean().getFloat() * (double) tokens;
                count += tokens;
                carry(out.get(1), out.get(2));
            }
            commitCarry();
        }
        return Math.exp(total / count);
    }

    NDArray descend(Supplier<NDArray> loss) {
        NDArray value;
        try (GradientCollector collector = model.getNDManager().getEngine().newGradientCollector()) {
            value = loss.get();
            collector.backward(value);
        }
        double scale = 1;
        if (gradientClip > 0) {
            double squares = 0;
            for (Parameter parameter : trainable) {
                squares += parameter.getArray().getGradient().square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (norm > gradientClip) {
                scale = gradientClip / (norm + 1e-6);
            }
        }
        for (Parameter parameter : trainable) {
            NDArray weight = parameter.getArray();
            NDArray grad = weight.getGradient();
            if (scale != 1) {
                grad.muli((float) scale);
            }
            optimizer.update(parameter.getId(), weight, grad);
            grad.subi(grad);
        }
        return value;
    }

    /**
     * Keeps detached copies of {@code h, c} in a manager of their own as the states of the next
     * window; the current states stay open until {@link #commitCarry} (the step may still need them).
     */
    void carry(NDArray h, NDArray c) {
        if (pendingManager != null) {
            pendingManager.close();
        }
        pendingManager = model.getNDManager().newSubManager();
        NDArray keptH = h.stopGradient().duplicate();
        NDArray keptC = c.stopGradient().duplicate();
        NDScope.unregister(keptH, keptC);
        keptH.attach(pendingManager);
        keptC.attach(pendingManager);
        pending = new NDList(keptH, keptC);
    }

    private void commitCarry() {
        if (pending == null) {
            throw new IllegalStateException(
                    "objective " + objective.name() + " did not carry the hidden states (SequenceStep.carry)");
        }
        if (stateManager != null) {
            stateManager.close();
        }
        stateManager = pendingManager;
        carried = pending;
        pendingManager = null;
        pending = null;
    }

    private void resetState(int batch) {
        try (NDManager zeros = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(block.layers(), batch, block.hiddenSize());
            carry(zeros.zeros(shape), zeros.zeros(shape));
        }
        commitCarry();
    }

    /** The model block. */
    public LstmLanguageModel model() {
        return block;
    }

    /** The parameter store of forward passes. */
    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /** The parameters that receive gradients. */
    public List<Parameter> trainableParameters() {
        return java.util.Collections.unmodifiableList(trainable);
    }

    /** The objective. */
    public SequenceObjective objective() {
        return objective;
    }

    /** The epochs trained so far. */
    public int epochsCompleted() {
        return epochsCompleted;
    }

    @Override
    public void close() {
        if (stateManager != null) {
            stateManager.close();
        }
        if (pendingManager != null) {
            pendingManager.close();
        }
        model.close();
    }

    private int epochSeed(int epoch) {
        return (int) (new SplittableRandom(seed * 1_000_003L + epoch).nextLong() & 0x7fffffffL);
    }

    /** Builds a {@link SequenceLearner}; the model is required. */
    public static final class Builder {
        private LstmLanguageModel model;
        private SequenceObjective objective = SequenceErm.plain();
        private OptimizerSettings optimizer = DEFAULT_OPTIMIZER;
        private double gradientClip = 0.25;
        private long seed;
        private Device device;

        private Builder() {}

        /** The language model, not yet initialised (required). */
        public Builder setModel(LstmLanguageModel model) {
            this.model = model;
            return this;
        }

        /** What a step does; plain cross-entropy by default. */
        public Builder optObjective(SequenceObjective objective) {
            this.objective = Checks.required("objective", objective);
            return this;
        }

        /** SGD settings; {@link #DEFAULT_OPTIMIZER} by default. */
        public Builder optOptimizer(OptimizerSettings settings) {
            this.optimizer = Checks.required("optimizer", settings);
            return this;
        }

        /** The largest global L2 norm of the gradients, 0.25 by default; 0 turns clipping off. */
        public Builder optGradientClip(double clip) {
            Checks.atLeast("gradientClip", clip, 0);
            this.gradientClip = clip;
            return this;
        }

        /** The seed of initialisation and every random draw; 0 by default. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device; the engine's default by default. */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Validates and builds the learner (initialising the model). */
        public SequenceLearner build() {
            Checks.required("model", model);
            return new SequenceLearner(this);
        }
    }
}
