package org.gentrain.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * One residual unit, {@code y = post(branch(p) + shortcut(s))} with {@code p = pre(x)} and {@code s}
 * either {@code x} or {@code p}; every part but the branch may be absent (the identity).
 *
 * <ul>
 *   <li>Post-activation basic block (He et al., CVPR 2016): no {@code pre}, branch {@code conv-BN-ReLU-conv-BN},
 *       shortcut on {@code x}, {@code post = ReLU}.
 *   <li>Pre-activation basic block (He et al., ECCV 2016, "Identity mappings"): {@code pre = BN-ReLU},
 *       branch {@code conv-BN-ReLU-conv}, no {@code post}; the shortcut is the identity on {@code x}
 *       where the shape is kept and a 1x1 projection of {@code p} where it changes (as in the COT/HCOT
 *       authors' and the WideResNet authors' code).
 * </ul>
 *
 * <p>Its parts are its children ({@link #getChildren()}), each a block of its own, so code that walks
 * a model's tree finds every convolution and batch norm inside; code that runs a model part by part
 * (MaxUp's jointly normalised scoring) reads the parts with the getters. The parts the builders of
 * this package make are {@link ai.djl.nn.SequentialBlock}s, so every convolution of their models is
 * a direct child of a {@code SequentialBlock}.
 */
public final class ResidualBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block preactivation;
    private final Block branch;
    private final Block shortcut;
    private final boolean shortcutOfPreactivation;
    private final Block postactivation;

    private ResidualBlock(Builder builder) {
        super(VERSION);
        preactivation = builder.preactivation == null ? null : addChildBlock("preactivation", builder.preactivation);
        branch = addChildBlock("branch", builder.branch);
        shortcut = builder.shortcut == null ? null : addChildBlock("shortcut", builder.shortcut);
        shortcutOfPreactivation = builder.shortcutOfPreactivation;
        postactivation =
                builder.postactivation == null ? null : addChildBlock("postactivation", builder.postactivation);
    }

    /** A builder; the branch is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The block applied to the input before the branch, or {@code null} for none. */
    public Block preactivation() {
        return preactivation;
    }

    /** The residual branch. */
    public Block branch() {
        return branch;
    }

    /** The shortcut, or {@code null} for the identity. */
    public Block shortcut() {
        return shortcut;
    }

    /** Whether the shortcut takes the pre-activated input {@code p} rather than the input {@code x}. */
    public boolean shortcutOfPreactivation() {
        return shortcutOfPreactivation;
    }

    /** The block applied to the sum, or {@code null} for none. */
    public Block postactivation() {
        return postactivation;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList pre = preactivation == null ? inputs : preactivation.forward(store, inputs, training, params);
        NDList shortcutInput = shortcutOfPreactivation ? pre : inputs;
        NDList skip = shortcut == null ? shortcutInput : shortcut.forward(store, shortcutInput, training, params);
        NDArray residual = branch.forward(store, pre, training, params).singletonOrThrow();
        NDList sum = new NDList(residual.add(skip.singletonOrThrow()));
        return postactivation == null ? sum : postactivation.forward(store, sum, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] pre = preactivation == null ? inputShapes : preactivation.getOutputShapes(inputShapes);
        Shape[] out = branch.getOutputShapes(pre);
        return postactivation == null ? out : postactivation.getOutputShapes(out);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] pre = inputShapes;
        if (preactivation != null) {
            preactivation.initialize(manager, dataType, inputShapes);
            pre = preactivation.getOutputShapes(inputShapes);
        }
        branch.initialize(manager, dataType, pre);
        Shape[] out = branch.getOutputShapes(pre);
        Shape[] shortcutInput = shortcutOfPreactivation ? pre : inputShapes;
        Shape[] skip = shortcutInput;
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, shortcutInput);
            skip = shortcut.getOutputShapes(shortcutInput);
        }
        if (!Arrays.equals(out, skip)) {
            throw new IllegalArgumentException(
                    "residual branch gives " + Arrays.toString(out) + " but its shortcut gives " + Arrays.toString(skip)
                            + " for input " + Arrays.toString(inputShapes));
        }
        if (postactivation != null) {
            postactivation.initialize(manager, dataType, out);
        }
    }

    /** Builds a {@link ResidualBlock}. */
    public static final class Builder {
        private Block preactivation;
        private Block branch;
        private Block shortcut;
        private boolean shortcutOfPreactivation;
        private Block postactivation;

        private Builder() {}

        /** The residual branch (required). */
        public Builder setBranch(Block branch) {
            this.branch = branch;
            return this;
        }

        /** A block applied to the input before the branch (default: none). */
        public Builder optPreactivation(Block preactivation) {
            this.preactivation = preactivation;
            return this;
        }

        /** The shortcut (default: the identity). */
        public Builder optShortcut(Block shortcut) {
            this.shortcut = shortcut;
            return this;
        }

        /** Whether the shortcut takes the pre-activated input (default: it takes the input). */
        public Builder optShortcutOfPreactivation(boolean ofPreactivation) {
            this.shortcutOfPreactivation = ofPreactivation;
            return this;
        }

        /** A block applied to the sum (default: none). */
        public Builder optPostactivation(Block postactivation) {
            this.postactivation = postactivation;
            return this;
        }

        /** The block. */
        public ResidualBlock build() {
            if (branch == null) {
                throw new IllegalArgumentException("a residual block needs a branch (setBranch)");
            }
            if (shortcutOfPreactivation && preactivation == null) {
                throw new IllegalArgumentException("shortcutOfPreactivation needs a preactivation (optPreactivation)");
            }
            return new ResidualBlock(this);
        }
    }
}
