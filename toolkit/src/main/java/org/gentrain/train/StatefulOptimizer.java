package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * An optimizer whose learning rate and state are readable and writable, so that a schedule can
 * set the rate at each epoch, an update rule that replaces the optimizer's for some parameters
 * (a {@link ParameterUpdate}) can read it, and a {@link Checkpoint} can hold the whole state.
 * {@link MomentumSgd} and {@link Adam} are the two kinds; {@link OptimizerSettings#newOptimizer()}
 * makes the one its settings name.
 *
 * <p>The state is a map of <em>slots</em> (such as {@code velocity}, or Adam's {@code m}, {@code v}
 * and {@code step}), each a map from parameter id to array, so that a checkpoint can store every
 * kind without knowing it.
 */
public abstract class StatefulOptimizer extends Optimizer {

    private final OptimizerSettings settings;
    private float learningRate;

    /** A fresh optimizer with the given settings, at their base learning rate. */
    protected StatefulOptimizer(OptimizerSettings settings) {
        super(new NoBuilder());
        this.settings = Checks.required("settings", settings);
        this.learningRate = settings.learningRate();
    }

    /** The settings this optimizer was made with. */
    public final OptimizerSettings settings() {
        return settings;
    }

    /** The learning rate in force. */
    public final float learningRate() {
        return learningRate;
    }

    /** Changes the learning rate in force (a schedule does, at each epoch's start). */
    public final void setLearningRate(float rate) {
        Checks.atLeast("learningRate", rate, 0);
        this.learningRate = rate;
    }

    /** Sets the learning rate of the settings' schedule for the 0-based {@code epochIndex}. */
    public final void startEpoch(int epochIndex) {
        setLearningRate(settings.learningRateAt(epochIndex));
    }

    /**
     * Updates {@code weight} in place from {@code grad} by this optimizer's rule and its state for
     * {@code parameterId}.
     */
    @Override
    public abstract void update(String parameterId, NDArray weight, NDArray grad);

    /** The state, by slot name and then parameter id (read-only views of live arrays). */
    public abstract Map<String, Map<String, NDArray>> slots();

    /**
     * Replaces the state with {@code slots}, as read from a checkpoint; the arrays are copied to
     * {@code manager}.
     *
     * @throws IllegalStateException if a slot is not one this kind of optimizer has
     */
    public abstract void loadSlots(Map<String, Map<String, NDArray>> slots, NDManager manager);

    /** Detaches {@code array} from the step's scope and attaches it to {@code manager}, to live on. */
    protected static NDArray keep(NDArray array, NDManager manager) {
        NDScope.unregister(array);
        array.attach(manager);
        return array;
    }

    /** Closes every array of {@code slot} and clears it. */
    protected static void clear(Map<String, NDArray> slot) {
        slot.values().forEach(NDArray::close);
        slot.clear();
    }

    /** Copies every array of {@code from} into {@code into}, each kept by {@code manager}. */
    protected static void copyInto(Map<String, NDArray> from, Map<String, NDArray> into, NDManager manager) {
        clear(into);
        for (Map.Entry<String, NDArray> entry : from.entrySet()) {
            into.put(entry.getKey(), keep(entry.getValue().duplicate(), manager));
        }
    }

    private static final class NoBuilder extends OptimizerBuilder<NoBuilder> {
        @Override
        protected NoBuilder self() {
            return this;
        }
    }
}
