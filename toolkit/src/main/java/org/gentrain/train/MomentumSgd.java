package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with heavy-ball momentum and coupled weight decay, as {@code torch.optim.SGD} computes it:
 * {@code g = grad + weightDecay * w; v = momentum * v + g; w = w - learningRate * v}.
 *
 * <p>Unlike DJL's {@code Sgd}, its state (one velocity per parameter) is readable and writable, so
 * a checkpoint can hold it and a resumed run continues exactly. Each instance keeps its own state:
 * complement objective training uses two.
 */
public final class MomentumSgd extends Optimizer {

    private final OptimizerSettings settings;
    private final Map<String, NDArray> velocities = new LinkedHashMap<>();
    private float learningRate;

    /** A fresh optimizer with the given settings. */
    public MomentumSgd(OptimizerSettings settings) {
        super(new Builder());
        this.settings = settings;
        this.learningRate = settings.learningRate();
    }

    /** The settings this optimizer was made with. */
    public OptimizerSettings settings() {
        return settings;
    }

    /** The learning rate in force. */
    public float learningRate() {
        return learningRate;
    }

    /** Changes the learning rate, for a schedule. */
    public void setLearningRate(float rate) {
        Checks.positive("learningRate", rate);
        this.learningRate = rate;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray step = grad;
        if (settings.weightDecay() != 0f) {
            step = grad.add(weight.mul(settings.weightDecay()));
        }
        if (settings.momentum() != 0f) {
            NDArray velocity = velocities.get(parameterId);
            if (velocity == null) {
                velocity = step.duplicate();
                keep(velocity, weight.getManager());
                velocities.put(parameterId, velocity);
            } else {
                velocity.muli(settings.momentum()).addi(step);
            }
            step = velocity;
        }
        weight.subi(step.mul(learningRate));
    }

    /** The velocity of every parameter that has one, by parameter id (read-only view). */
    public Map<String, NDArray> state() {
        return Collections.unmodifiableMap(velocities);
    }

    /** Replaces the state, as read from a checkpoint; the arrays are copied to {@code manager}. */
    public void loadState(Map<String, NDArray> state, NDManager manager) {
        velocities.values().forEach(NDArray::close);
        velocities.clear();
        for (Map.Entry<String, NDArray> entry : state.entrySet()) {
            NDArray copy = entry.getValue().duplicate();
            keep(copy, manager);
            velocities.put(entry.getKey(), copy);
        }
    }

    private static void keep(NDArray array, NDManager manager) {
        NDScope.unregister(array);
        array.attach(manager);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
