package org.gentrain.models;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** A small multilayer perceptron: flatten, then hidden ReLU layers, then a linear classifier. */
public final class Mlp {

    private Mlp() {}

    /** Two hidden layers of 256 and 128 units, ten classes. */
    public static SequentialBlock create() {
        return create(10, 256, 128);
    }

    /** Hidden layers of the given widths, then {@code classes} outputs. */
    public static SequentialBlock create(int classes, int... hidden) {
        SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int units : hidden) {
            if (units < 1) {
                throw new IllegalArgumentException("hidden units must be >= 1, was " + units);
            }
            block.add(Linear.builder().setUnits(units).build()).add(Activation::relu);
        }
        block.add(Linear.builder().setUnits(classes).build());
        block.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
        return block;
    }
}
