package org.gentrain.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The benchmark protocol's {@code SmallCNN} for 1 x 28 x 28 images (about 4.2 M multiply-adds per
 * example):
 *
 * <pre>
 * Conv2d(1 -&gt; 32, 3x3, pad 1) -&gt; BatchNorm -&gt; ReLU -&gt; MaxPool 2x2
 * Conv2d(32 -&gt; 64, 3x3, pad 1) -&gt; BatchNorm -&gt; ReLU -&gt; MaxPool 2x2
 * Flatten (3136) -&gt; Linear(128) -&gt; ReLU -&gt; Linear(classes)
 * </pre>
 *
 * <p>Weights start as in PyTorch's layers ({@link Initialization#TORCH_DEFAULT}), so that the
 * protocol's learning rate of 0.05 with momentum 0.9 trains stably from the first step.
 */
public final class SmallCnn {

    private SmallCnn() {}

    /** SmallCNN with ten classes. */
    public static SequentialBlock create() {
        return create(10);
    }

    /** SmallCNN with {@code classes} outputs. */
    public static SequentialBlock create(int classes) {
        SequentialBlock block = new SequentialBlock()
                .add(conv(32))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(conv(64))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(classes).build());
        block.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
        return block;
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }
}
