package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gentrain.train.Checks;
import org.gentrain.train.Learner;
import org.gentrain.train.StepContext;

/**
 * CoMHE's random projections (RP): each projection {@code P} is {@code [k, d]} with {@code N(0, 1)}
 * entries, as in the authors' code (default {@code k = 30}, {@code p = 5}). By default they are
 * redrawn every step from the engine's generator, which the learner reseeds from the run's seed
 * at every epoch (so a run is reproducible and resumes exactly); {@link Builder#optFixed} draws
 * them once instead. The group variant ({@link Builder#optGroupSize}) uses {@code max(1, n /
 * groupSize)} projections for a layer of {@code n} neurons.
 */
public final class RandomProjections extends NeuronProjection {

    private final int projections;
    private final int groupSize;
    private final boolean fixed;
    private final Map<Integer, NDArray> drawn = new LinkedHashMap<>();

    private RandomProjections(Builder builder) {
        super(builder.dims);
        this.projections = builder.projections;
        this.groupSize = builder.groupSize;
        this.fixed = builder.fixed;
    }

    /** A builder: k = 30, p = 5, redrawn every step. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return groupSize > 0 ? "group" : "rp";
    }

    /** The number of projections per layer ({@code p}); unused by the group variant. */
    public int projections() {
        return projections;
    }

    /** Whether the projections are drawn once rather than every step. */
    public boolean fixed() {
        return fixed;
    }

    @Override
    protected int copiesFor(int neurons) {
        return groupSize > 0 ? Math.max(1, neurons / groupSize) : projections;
    }

    @Override
    protected void initialize(Learner learner) {
        drawn.clear();
        if (fixed) {
            for (int i = 0; i < layers().size(); i++) {
                if (isProjected(i)) {
                    drawn.put(i, learner.manager().randomNormal(0f, 1f, projectionShape(i), DataType.FLOAT32));
                }
            }
        }
    }

    @Override
    public NDArray projections(int layer, StepContext step) {
        if (!isProjected(layer)) {
            return null;
        }
        if (fixed) {
            return drawn.get(layer);
        }
        return step.manager().randomNormal(0f, 1f, projectionShape(layer), DataType.FLOAT32);
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        drawn.forEach((layer, array) -> state.put("projection" + layer, array));
        return state;
    }

    @Override
    public void loadState(Learner learner, Map<String, NDArray> state) {
        state.forEach((key, array) -> {
            int layer = Integer.parseInt(key.substring("projection".length()));
            NDArray old = drawn.put(layer, array.duplicate());
            drawn.get(layer).attach(learner.manager());
            if (old != null) {
                old.close();
            }
        });
    }

    /** Builds {@link RandomProjections}. */
    public static final class Builder {
        private int dims = 30;
        private int projections = 5;
        private int groupSize;
        private boolean fixed;

        private Builder() {}

        /** The projected dimension k; 30 by default (the authors' "pd"). */
        public Builder optDims(int dims) {
            this.dims = dims;
            return this;
        }

        /** The number of projections p; 5 by default (the authors' "pn" is 5 or 20). */
        public Builder optProjections(int projections) {
            this.projections = projections;
            return this;
        }

        /** The group variant: {@code n / groupSize} projections per layer of n neurons. */
        public Builder optGroupSize(int groupSize) {
            this.groupSize = groupSize;
            return this;
        }

        /** Draw the projections once at training start instead of every step. */
        public Builder optFixed(boolean fixed) {
            this.fixed = fixed;
            return this;
        }

        /** Validates and builds. */
        public RandomProjections build() {
            Checks.atLeast("dims (k)", dims, 1);
            Checks.atLeast("projections", projections, 1);
            Checks.atLeast("group-size", groupSize, 0);
            return new RandomProjections(this);
        }
    }
}
