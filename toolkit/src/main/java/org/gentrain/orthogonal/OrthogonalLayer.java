package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import org.gentrain.train.NeuronLayer;

/**
 * A layer of orthogonal over-parameterised training (Liu et al., "Orthogonal Over-Parameterized
 * Training", CVPR 2021): its {@code n} neurons {@code W0} ({@code [d, n]}, one neuron per column,
 * drawn once from {@code N(0, 2/d)} as in the authors' code) never change, and it learns an
 * orthogonal {@code Q} ({@code [d, d]}) so that its effective weights are {@code W = Q W0}. A
 * rotation of all neurons together keeps every pairwise angle, hence the layer's hyperspherical
 * energy, fixed for the whole of training.
 *
 * <p>How {@code Q} is obtained is the layer's {@link Kind}:
 *
 * <ul>
 *   <li>{@link Kind#MAPPED}: {@code Q = Q(R)} with a learned unconstrained {@code R} ({@code
 *       N(0, 1)}) and an {@link Orthogonalizer} (Gram-Schmidt, Cayley, Householder, Löwdin);
 *   <li>{@link Kind#FREE}: {@code Q = R} itself, starting at the identity, kept orthogonal by the
 *       update rule (orthogonality-preserving gradient descent) or only pulled towards it by a
 *       penalty (the soft variant); see {@link OrthogonalDescentOpt} and {@link SoftOpt};
 *   <li>{@link Kind#STOCHASTIC}: stochastic OPT, {@code Q = P(C) A} with an accumulated
 *       orthogonal {@code A} (fixed within a step, saved with the model) and the Cayley transform
 *       {@code C} of a learned {@code [b, b]} matrix acting on a block of {@code b} of the {@code
 *       d} dimensions chosen by {@link #selectBlock}; {@code P(C) = I + E^T (C - I) E} with {@code
 *       E} the block's {@code [b, d]} selection.
 * </ul>
 *
 * <p>{@code W0} (and {@code A}, and the velocity of {@link OrthogonalDescentOpt}) are parameters
 * that require no gradient: they are saved and loaded with the model but no optimizer touches them. The bias, if any, trains as in the replaced layer.
 */
public abstract class OrthogonalLayer extends AbstractBlock implements NeuronLayer {

    /** How a layer obtains its orthogonal matrix. */
    public enum Kind {
        /** {@code Q = orthogonalizer(R)}. */
        MAPPED,
        /** {@code Q = R}, the parameter itself. */
        FREE,
        /** Stochastic OPT: an accumulated orthogonal matrix times a learned block rotation. */
        STOCHASTIC
    }

    private static final byte VERSION = 1;

    private final Kind kind;
    private final Orthogonalizer orthogonalizer;
    private final int requestedBlockSize;
    private final Parameter fixed;
    private final Parameter rotation;
    private final Parameter accumulated;
    private final Parameter bias;
    private Parameter velocity;
    private final int units;
    private int dims = -1;
    private NDArray selection;

    /**
     * @param units the number of neurons {@code n}
     * @param bias the replaced layer's bias parameter, or null for none
     * @param kind how {@code Q} is obtained
     * @param orthogonalizer the map for {@link Kind#MAPPED} and {@link Kind#STOCHASTIC}, else null
     * @param blockSize {@code b} for {@link Kind#STOCHASTIC} (capped at {@code d}), else ignored
     */
    protected OrthogonalLayer(int units, Parameter bias, Kind kind, Orthogonalizer orthogonalizer, int blockSize) {
        super(VERSION);
        if (kind == null) {
            throw new IllegalArgumentException("kind must be MAPPED, FREE or STOCHASTIC, was null");
        }
        if (kind != Kind.FREE && orthogonalizer == null) {
            throw new IllegalArgumentException("orthogonalizer must be given for kind " + kind + ", was null");
        }
        if (kind == Kind.STOCHASTIC && blockSize < 2) {
            throw new IllegalArgumentException("blockSize must be >= 2, was " + blockSize);
        }
        this.units = units;
        this.kind = kind;
        this.orthogonalizer = orthogonalizer;
        this.requestedBlockSize = blockSize;
        fixed = addParameter(Parameter.builder()
                .setName("w0")
                .setType(Parameter.Type.WEIGHT)
                .optRequiresGrad(false)
                .build());
        rotation = addParameter(
                Parameter.builder().setName("r").setType(Parameter.Type.WEIGHT).build());
        accumulated = kind == Kind.STOCHASTIC
                ? addParameter(Parameter.builder()
                        .setName("accumulated")
                        .setType(Parameter.Type.WEIGHT)
                        .optRequiresGrad(false)
                        .build())
                : null;
        this.bias = bias == null ? null : addParameter(bias);
    }

    /**
     * The OPT layer of {@code kind} standing for {@code layer}, a {@link Conv2d} with one group
     * ({@link OrthogonalConv2d#of}) or a {@link Linear} layer ({@link OrthogonalLinear#of}), not
     * yet initialised; the layer's bias moves to it.
     *
     * @throws IllegalArgumentException for any other block, or a grouped convolution
     */
    public static OrthogonalLayer of(Block layer, Kind kind, Orthogonalizer orthogonalizer, int blockSize) {
        if (layer instanceof Conv2d) {
            return OrthogonalConv2d.of((Conv2d) layer, kind, orthogonalizer, blockSize);
        }
        if (layer instanceof Linear) {
            return OrthogonalLinear.of((Linear) layer, kind, orthogonalizer, blockSize);
        }
        throw new IllegalArgumentException("layer must be a Conv2d or a Linear layer, was "
                + (layer == null ? "null" : layer.getClass().getName()));
    }

    /** The fan-in {@code d} of one neuron for an input of this shape. */
    protected abstract int fanIn(Shape input);

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        dims = fanIn(inputShapes[0]);
        fixed.setShape(new Shape(dims, units));
        fixed.setInitializer(new NormalInitializer((float) Math.sqrt(2.0 / dims)));
        switch (kind) {
            case MAPPED:
                rotation.setShape(new Shape(dims, dims));
                rotation.setInitializer(new NormalInitializer(1f));
                break;
            case FREE:
                rotation.setShape(new Shape(dims, dims));
                rotation.setInitializer(IDENTITY);
                break;
            default:
                int b = blockSize();
                rotation.setShape(new Shape(b, b));
                rotation.setInitializer(Initializer.ZEROS);
                accumulated.setShape(new Shape(dims, dims));
                accumulated.setInitializer(IDENTITY);
        }
        if (bias != null) {
            bias.setShape(new Shape(units));
        }
        if (velocity != null) {
            velocity.setShape(new Shape(dims, dims));
            velocity.setInitializer(Initializer.ZEROS);
        }
    }

    /**
     * Gives a free layer a {@code [d, d]} velocity, zero at the start, for an update rule with
     * momentum that keeps {@code Q} orthogonal ({@link OrthogonalDescentOpt}); it is a parameter
     * that requires no gradient, so it is saved with the model and every run has its own. Called
     * before initialisation.
     *
     * @return this layer
     */
    OrthogonalLayer addVelocity() {
        if (kind != Kind.FREE) {
            throw new IllegalStateException("only a free layer has a velocity; this one is " + kind);
        }
        if (velocity == null) {
            velocity = addParameter(Parameter.builder()
                    .setName("velocity")
                    .setType(Parameter.Type.OTHER)
                    .optRequiresGrad(false)
                    .build());
        }
        return this;
    }

    /** The velocity of {@code Q}'s update rule ({@code [d, d]}, no gradient), or null for none. */
    public Parameter velocity() {
        return velocity;
    }

    private static final Initializer IDENTITY =
            (manager, shape, dataType) -> manager.eye((int) shape.get(0)).toType(dataType, false);

    /** How this layer obtains {@code Q}. */
    public Kind kind() {
        return kind;
    }

    /** The orthogonalizer of a mapped or stochastic layer, or null. */
    public Orthogonalizer orthogonalizer() {
        return orthogonalizer;
    }

    /** The number of neurons {@code n}. */
    public int units() {
        return units;
    }

    /** The fan-in {@code d}, known once the layer is initialised ({@code -1} before). */
    public int dims() {
        return dims;
    }

    /** The block size {@code b} of a stochastic layer: the requested one, capped at {@code d}. */
    public int blockSize() {
        return Math.min(requestedBlockSize, dims);
    }

    /** The fixed neurons {@code W0}, {@code [d, n]}: a parameter that requires no gradient. */
    public Parameter fixedNeurons() {
        return fixed;
    }

    /**
     * The learned parameter: {@code R} ({@code [d, d]}) of a mapped layer, {@code Q} itself of a free
     * one, the block's {@code [b, b]} matrix of a stochastic one.
     */
    public Parameter rotation() {
        return rotation;
    }

    /** The accumulated orthogonal matrix of a stochastic layer ({@code [d, d]}, no gradient), or null. */
    public Parameter accumulated() {
        return accumulated;
    }

    /** The bias, or null. */
    public Parameter bias() {
        return bias;
    }

    /**
     * Chooses the block of a stochastic layer for the coming steps as its {@code [b, d]} one-hot
     * selection {@code E}; the layer keeps it (attached to the array's manager) and closes the one it
     * replaces. Null returns the layer to {@code Q = A}.
     */
    public void selectBlock(NDArray selectionMatrix) {
        if (kind != Kind.STOCHASTIC) {
            throw new IllegalStateException("only a stochastic layer has blocks; this one is " + kind);
        }
        if (selection != null) {
            selection.close();
        }
        selection = selectionMatrix;
    }

    /** The current block selection {@code E} of a stochastic layer, or null. */
    public NDArray blockSelection() {
        return selection;
    }

    /**
     * The current orthogonal matrix {@code Q}, {@code [d, d]}, differentiable with respect to the
     * learned parameter; computed afresh on every call.
     */
    public NDArray q() {
        NDArray r = rotation.getArray();
        switch (kind) {
            case MAPPED:
                return orthogonalizer.orthogonalize(r);
            case FREE:
                return r;
            default:
                return rotateBlock(accumulated.getArray());
        }
    }

    /**
     * The effective neurons {@code W^T = W0^T Q^T}, {@code [n, d]}, one per row (the layout of a
     * plain layer's weight); differentiable with respect to the learned parameter.
     */
    @Override
    public NDArray neurons() {
        NDArray w0 = fixed.getArray();
        if (kind == Kind.STOCHASTIC) {
            // W = V + E^T (C - I) E V with V = A W0: only b rows of V change, so the [d, d] product with
            // the block rotation is never formed.
            return rotateBlock(accumulated.getArray().matMul(w0)).transpose();
        }
        return w0.transpose().matMul(q().transpose());
    }

    /**
     * {@code P(C) x = x + E^T (C - I) E x}: the rows of {@code x} in the current block rotated by the
     * Cayley transform {@code C} of the block parameter, the others unchanged ({@code x} itself
     * without a block).
     */
    NDArray rotateBlock(NDArray x) {
        if (selection == null) {
            return x;
        }
        NDArray r = rotation.getArray();
        NDArray e = selection.toType(x.getDataType(), false);
        NDArray c = orthogonalizer.orthogonalize(r).sub(eye(x.getManager(), blockSize(), r.getDataType()));
        return x.add(e.transpose().matMul(c.matMul(e.matMul(x))));
    }

    /** The effective bias, or null. */
    protected NDArray biasArray() {
        return bias == null ? null : bias.getArray();
    }

    static NDArray eye(NDManager manager, int size, DataType dataType) {
        return manager.eye(size).toType(dataType, false);
    }
}
