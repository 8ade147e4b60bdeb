package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A fully connected layer trained by orthogonal over-parameterisation (Liu et al., CVPR 2021): its
 * weight is {@code (Q W0)^T}, {@code [units, in]}, with the fixed random neurons {@code W0} ({@code
 * [in, units]}) and a learned orthogonal {@code Q}; see {@link OrthogonalLayer}. The bias is that of
 * the layer it stands for.
 */
public final class OrthogonalLinear extends OrthogonalLayer {

    private final Linear linear;

    private OrthogonalLinear(Linear linear, int units, Kind kind, Orthogonalizer orthogonalizer, int blockSize) {
        super(units, biasOf(linear), kind, orthogonalizer, blockSize);
        this.linear = linear;
    }

    /** The OPT version of {@code linear}, which is not yet initialised; its bias moves to the new layer. */
    public static OrthogonalLinear of(Linear linear, Kind kind, Orthogonalizer orthogonalizer, int blockSize) {
        int units = (int) linear.getOutputShapes(new Shape[] {new Shape(1, 1)})[0].get(1);
        return new OrthogonalLinear(linear, units, kind, orthogonalizer, blockSize);
    }

    /** A layer of {@code units} outputs, with a bias, whose {@code Q} is {@code orthogonalizer(R)}. */
    public static OrthogonalLinear of(int units, Orthogonalizer orthogonalizer) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, was " + units);
        }
        return of(Linear.builder().setUnits(units).build(), Kind.MAPPED, orthogonalizer, 2);
    }

    private static Parameter biasOf(Linear linear) {
        return linear.getDirectParameters().contains("bias")
                ? linear.getDirectParameters().get("bias")
                : null;
    }

    @Override
    protected int fanIn(Shape input) {
        return (int) input.get(input.dimension() - 1);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isConvolution() {
        return false;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return Linear.linear(x, neurons(), biasArray());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return linear.getOutputShapes(inputShapes);
    }
}
