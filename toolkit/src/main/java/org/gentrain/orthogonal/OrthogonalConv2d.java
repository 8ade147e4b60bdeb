package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution trained by orthogonal over-parameterisation (Liu et al., CVPR 2021): its kernel
 * is {@code (Q W0)^T} reshaped to {@code [filters, c_in, k_h, k_w]}, with the fixed random neurons
 * {@code W0} ({@code [c_in k_h k_w, filters]}) and a learned orthogonal {@code Q}; see {@link
 * OrthogonalLayer}. Stride, padding, dilation and bias are those of the convolution it stands for;
 * groups are not supported.
 *
 * <pre>{@code
 * OrthogonalConv2d conv = OrthogonalConv2d.builder()
 *         .setKernelShape(new Shape(3, 3)).setFilters(32).optPadding(new Shape(1, 1))
 *         .setOrthogonalizer(cayley)
 *         .build();
 * }</pre>
 */
public final class OrthogonalConv2d extends OrthogonalLayer {

    private final Conv2d conv;

    private OrthogonalConv2d(Conv2d conv, Kind kind, Orthogonalizer orthogonalizer, int blockSize) {
        super(conv.getFilters(), biasOf(conv), kind, orthogonalizer, blockSize);
        this.conv = conv;
    }

    /**
     * The OPT version of {@code conv}, which is not yet initialised; its bias parameter (if any) moves
     * to the new layer.
     *
     * @throws IllegalArgumentException for a grouped convolution
     */
    public static OrthogonalConv2d of(Conv2d conv, Kind kind, Orthogonalizer orthogonalizer, int blockSize) {
        if (conv.getGroups() != 1) {
            throw new IllegalArgumentException("groups must be 1 for OPT, was " + conv.getGroups());
        }
        return new OrthogonalConv2d(conv, kind, orthogonalizer, blockSize);
    }

    /** A builder of a new layer. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected int fanIn(Shape input) {
        Shape kernel = conv.getKernelShape();
        return (int) (input.get(1) * kernel.get(0) * kernel.get(1));
    }

    /** {@inheritDoc} */
    @Override
    public boolean isConvolution() {
        return true;
    }

    /** The effective kernel {@code [filters, c_in, k_h, k_w]}, differentiable. */
    public NDArray kernel(Shape input) {
        Shape k = conv.getKernelShape();
        return neurons().reshape(units(), input.get(1), k.get(0), k.get(1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return Conv2d.conv2d(
                x, kernel(x.getShape()), biasArray(), conv.getStride(), conv.getPadding(), conv.getDilation(), 1);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    /** Builds an {@link OrthogonalConv2d}; kernel shape, filters and the way to get {@code Q} are required. */
    public static final class Builder {
        private final Conv2d.Builder conv = Conv2d.builder();
        private Kind kind;
        private Orthogonalizer orthogonalizer;
        private int blockSize = 2;

        /** The kernel shape, such as {@code (3, 3)}. */
        public Builder setKernelShape(Shape kernel) {
            conv.setKernelShape(kernel);
            return this;
        }

        /** The number of filters (neurons). */
        public Builder setFilters(int filters) {
            conv.setFilters(filters);
            return this;
        }

        /** The stride, {@code (1, 1)} by default. */
        public Builder optStride(Shape stride) {
            conv.optStride(stride);
            return this;
        }

        /** The padding, none by default. */
        public Builder optPadding(Shape padding) {
            conv.optPadding(padding);
            return this;
        }

        /** Whether to add a bias, true by default. */
        public Builder optBias(boolean bias) {
            conv.optBias(bias);
            return this;
        }

        /** {@code Q = orthogonalizer(R)}. */
        public Builder setOrthogonalizer(Orthogonalizer orthogonalizer) {
            this.kind = Kind.MAPPED;
            this.orthogonalizer = orthogonalizer;
            return this;
        }

        /** {@code Q} is the parameter itself (for orthogonality-preserving descent or the soft variant). */
        public Builder setFree() {
            this.kind = Kind.FREE;
            this.orthogonalizer = null;
            return this;
        }

        /** Stochastic OPT with blocks of {@code blockSize} dimensions rotated by {@code orthogonalizer}. */
        public Builder setStochastic(Orthogonalizer orthogonalizer, int blockSize) {
            this.kind = Kind.STOCHASTIC;
            this.orthogonalizer = orthogonalizer;
            this.blockSize = blockSize;
            return this;
        }

        /** Validates the settings and builds the layer. */
        public OrthogonalConv2d build() {
            return of(conv.build(), kind, orthogonalizer, blockSize);
        }
    }

    private static Parameter biasOf(Conv2d conv) {
        return conv.isIncludeBias() ? conv.getDirectParameters().get("bias") : null;
    }
}
