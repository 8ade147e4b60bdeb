package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.SplittableRandom;
import org.gentrain.train.Learner;
import org.gentrain.train.StepContext;

/**
 * Stochastic OPT ({@code stochastic}, S-OPT of Liu et al., "Orthogonal Over-Parameterized
 * Training", CVPR 2021), which scales OPT to wide layers: each step draws {@code b} of a layer's
 * {@code d} dimensions at random and learns a rotation {@code C} of that block only, the {@link
 * Cayley} transform (by default) of a {@code [b, b]} parameter, so that the layer's {@code Q = P(C)
 * A} with its accumulated orthogonal {@code A} (see {@link OrthogonalLayer.Kind#STOCHASTIC}). The
 * block's parameter is trained by plain SGD at the learning rate in force (momentum would carry
 * over to a different block); after each step the rotation is folded in, {@code A <- P(C) A} (one
 * Newton-Schulz step removes float rounding, so {@code A} stays orthogonal), the parameter is reset
 * to zero and the next block is drawn. The blocks are drawn from a random source seeded by the
 * run's seed and the epoch, one source per run. {@code b = 32} by default, capped at each layer's
 * {@code d}.
 */
public final class StochasticOpt implements OptMethod {

    /** The method's short name. */
    public static final String NAME = "stochastic";

    /** The default block size. */
    public static final int DEFAULT_BLOCK_SIZE = 32;

    private final int blockSize;
    private final Orthogonalizer orthogonalizer;

    private StochasticOpt(Builder builder) {
        this.blockSize = builder.blockSize;
        this.orthogonalizer = builder.orthogonalizer;
    }

    /** A builder: blocks of 32 dimensions rotated by the Cayley transform. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** The number {@code b} of dimensions rotated per step (capped at each layer's {@code d}). */
    public int blockSize() {
        return blockSize;
    }

    /** The map from a block's parameter to its rotation. */
    public Orthogonalizer orthogonalizer() {
        return orthogonalizer;
    }

    /** {@inheritDoc} */
    @Override
    public OrthogonalLayer overParameterise(Block layer) {
        return OrthogonalLayer.of(layer, OrthogonalLayer.Kind.STOCHASTIC, orthogonalizer, blockSize);
    }

    /** Claims every layer's block parameter for plain SGD and starts the run's block sampler. */
    @Override
    public Run bind(Learner learner, List<OrthogonalLayer> layers) {
        for (OrthogonalLayer layer : layers) {
            learner.overrideUpdate(
                    layer.rotation().getId(),
                    (id, r, grad, optimizer) -> r.subi(grad.mul(ActiveLearningRate.of(learner, optimizer))));
        }
        return new Sampler(layers);
    }

    @Override
    public String toString() {
        return "opt-" + NAME + "(block-size=" + blockSize + ", " + orthogonalizer.name() + ")";
    }

    /** One run's blocks: its random source, reseeded every epoch, and its layers. */
    private static final class Sampler implements Run {
        private final List<OrthogonalLayer> layers;
        private SplittableRandom random;

        Sampler(List<OrthogonalLayer> layers) {
            this.layers = List.copyOf(layers);
        }

        /** Reseeds the sampler from the run's seed and the epoch and draws the epoch's first blocks. */
        @Override
        public void onEpochStart(Learner learner, int epoch) {
            random = new SplittableRandom(learner.derivedSeed("opt-stochastic", epoch));
            for (OrthogonalLayer layer : layers) {
                sampleBlock(layer, learner.manager());
            }
        }

        /** Folds each layer's block rotation into its accumulated transform and draws the next block. */
        @Override
        public void onStepEnd(StepContext step) {
            for (OrthogonalLayer layer : layers) {
                if (layer.blockSelection() != null) {
                    NDArray a = layer.accumulated().getArray();
                    Orthogonality.assign(a, Orthogonality.newtonSchulz(layer.rotateBlock(a)));
                    NDArray r = layer.rotation().getArray();
                    r.subi(r);
                }
                sampleBlock(layer, step.learner().manager());
            }
        }

        /** Draws {@code b} distinct dimensions (a partial Fisher-Yates shuffle) as a {@code [b, d]} one-hot selection. */
        private void sampleBlock(OrthogonalLayer layer, NDManager manager) {
            int d = layer.dims();
            int b = layer.blockSize();
            int[] order = new int[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            for (int i = 0; i < b; i++) {
                int j = i + random.nextInt(d - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            float[] selection = new float[b * d];
            for (int i = 0; i < b; i++) {
                selection[i * d + order[i]] = 1f;
            }
            NDArray e = manager.create(selection, new Shape(b, d))
                    .toType(layer.rotation().getArray().getDataType(), false);
            NDScope.unregister(e);
            e.attach(manager);
            layer.selectBlock(e);
        }
    }

    /** Builds a {@link StochasticOpt}; every setting is optional. */
    public static final class Builder {
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private Orthogonalizer orthogonalizer = new Cayley();

        private Builder() {}

        /** The number of dimensions rotated per step, {@code >= 2} (capped at each layer's d); 32 by default. */
        public Builder optBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** The map from a block's parameter to its rotation; {@link Cayley} (as in the paper) by default. */
        public Builder optOrthogonalizer(Orthogonalizer orthogonalizer) {
            this.orthogonalizer = orthogonalizer;
            return this;
        }

        /** Validates the settings and builds the method. */
        public StochasticOpt build() {
            if (blockSize < 2) {
                throw new IllegalArgumentException("block-size must be >= 2, was " + blockSize);
            }
            if (orthogonalizer == null) {
                throw new IllegalArgumentException("orthogonalizer must be set for opt-stochastic, was null");
            }
            return new StochasticOpt(this);
        }
    }
}
