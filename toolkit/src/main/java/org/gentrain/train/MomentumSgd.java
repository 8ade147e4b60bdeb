package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with heavy-ball momentum and coupled weight decay, as {@code torch.optim.SGD} computes it:
 * {@code g = grad + weightDecay * w; v = momentum * v + g; w = w - learningRate * v} (the first
 * step sets {@code v = g}).
 *
 * <p>Unlike DJL's {@code Sgd}, its state (one velocity per parameter, slot {@value #VELOCITY}) is
 * readable and writable, so a checkpoint can hold it and a resumed run continues exactly. Each
 * instance keeps its own state: complement objective training uses two.
 */
public final class MomentumSgd extends StatefulOptimizer {

    /** The name of the velocity slot in {@link #slots()}. */
    public static final String VELOCITY = "velocity";

    private final Map<String, NDArray> velocities = new LinkedHashMap<>();

    /**
     * A fresh optimizer with the given settings.
     *
     * @throws IllegalArgumentException if the settings are not SGD's
     */
    public MomentumSgd(OptimizerSettings settings) {
        super(settings);
        if (settings.kind() != OptimizerSettings.Kind.SGD) {
            throw new IllegalArgumentException(
                    "MomentumSgd needs sgd settings, was " + settings.kind().cliName());
        }
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        OptimizerSettings settings = settings();
        NDArray step = grad;
        if (settings.weightDecay() != 0f) {
            step = grad.add(weight.mul(settings.weightDecay()));
        }
        if (settings.momentum() != 0f) {
            NDArray velocity = velocities.get(parameterId);
            if (velocity == null) {
                velocity = keep(step.duplicate(), weight.getManager());
                velocities.put(parameterId, velocity);
            } else {
                velocity.muli(settings.momentum()).addi(step);
            }
            step = velocity;
        }
        weight.subi(step.mul(learningRate()));
    }

    /** The velocity of every parameter that has one, by parameter id (read-only view). */
    public Map<String, NDArray> state() {
        return Collections.unmodifiableMap(velocities);
    }

    /** Replaces the velocities, as read from a checkpoint; the arrays are copied to {@code manager}. */
    public void loadState(Map<String, NDArray> state, NDManager manager) {
        copyInto(state, velocities, manager);
    }

    /** {@inheritDoc} One slot, {@value #VELOCITY}. */
    @Override
    public Map<String, Map<String, NDArray>> slots() {
        return Map.of(VELOCITY, state());
    }

    /** {@inheritDoc} */
    @Override
    public void loadSlots(Map<String, Map<String, NDArray>> slots, NDManager manager) {
        for (String slot : slots.keySet()) {
            if (!slot.equals(VELOCITY)) {
                throw new IllegalStateException("sgd has no state slot '" + slot + "' (only " + VELOCITY + ")");
            }
        }
        loadState(slots.getOrDefault(VELOCITY, Map.of()), manager);
    }
}
