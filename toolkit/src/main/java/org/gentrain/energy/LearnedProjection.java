package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;
import org.gentrain.train.Learner;
import org.gentrain.train.StepContext;

/**
 * Projections that are learned while the network trains: they start as {@code N(0, 1)} matrices
 * (seeded by the run) and after every network step take a few normalised gradient steps {@code P
 * -> P -+ rate * g / rms(g)} on an objective of their own, with the network's neurons held fixed.
 * The network sees them without gradient. Their values are part of the checkpoint.
 */
abstract class LearnedProjection extends NeuronProjection {

    private final int projections;
    private final int steps;
    private final double rate;
    private final Map<Integer, NDArray> learned = new LinkedHashMap<>();
    private NDArray epsilon;

    LearnedProjection(int dims, int projections, int steps, double rate) {
        super(dims);
        Checks.atLeast("projections", projections, 1);
        Checks.atLeast("projection-steps", steps, 1);
        Checks.positive("projection-rate", rate);
        this.projections = projections;
        this.steps = steps;
        this.rate = rate;
    }

    /** The objective of one layer's projections for fixed neurons, a differentiable scalar. */
    abstract NDArray objective(NDArray neurons, NDArray projections, NDArray epsilon);

    /** -1 to descend on the objective, +1 to ascend. */
    abstract double direction();

    /** The number of projections per projected layer. */
    public int projections() {
        return projections;
    }

    /** The number of update steps after every network step. */
    public int steps() {
        return steps;
    }

    @Override
    protected int copiesFor(int neurons) {
        return projections;
    }

    @Override
    protected void initialize(Learner learner) {
        learned.values().forEach(NDArray::close);
        learned.clear();
        epsilon = Constants.scalar(learner.manager(), HypersphericalEnergy.NORM_EPSILON, DataType.FLOAT32);
        for (int i = 0; i < layers().size(); i++) {
            if (isProjected(i)) {
                NDArray p = learner.manager().randomNormal(0f, 1f, projectionShape(i), DataType.FLOAT32);
                p.setRequiresGradient(true);
                learned.put(i, p);
            }
        }
    }

    @Override
    public NDArray projections(int layer, StepContext step) {
        NDArray p = learned.get(layer);
        return p == null ? null : p.stopGradient();
    }

    /** The current projections of a layer, or {@code null}. */
    public NDArray current(int layer) {
        return learned.get(layer);
    }

    @Override
    public void onStepEnd(StepContext step) {
        for (Map.Entry<Integer, NDArray> entry : learned.entrySet()) {
            NDArray neurons = layers().get(entry.getKey()).neurons().get().stopGradient();
            NDArray p = entry.getValue();
            for (int s = 0; s < steps; s++) {
                try (GradientCollector collector = step.learner().newGradientCollector()) {
                    collector.backward(objective(neurons, p, epsilon));
                }
                NDArray gradient = p.getGradient();
                normalizedStep(p, gradient, direction() * rate);
                gradient.subi(gradient);
            }
        }
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        learned.forEach((layer, array) -> state.put("projection" + layer, array));
        return state;
    }

    @Override
    public void loadState(Learner learner, Map<String, NDArray> state) {
        state.forEach((key, array) -> {
            NDArray p = learned.get(Integer.parseInt(key.substring("projection".length())));
            if (p != null) {
                p.set(array.toType(p.getDataType(), false).toFloatArray());
            }
        });
    }
}
