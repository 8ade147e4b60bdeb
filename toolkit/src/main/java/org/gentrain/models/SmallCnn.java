package org.gentrain.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

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
 * <p>The block applies each ReLU after its max-pool rather than before: ReLU is monotone, so
 * {@code relu(maxpool(x)) = maxpool(relu(x))} for the values and the gradients alike, and the ReLU
 * then touches a quarter of the values. The pooling is {@link MaxPool2x2}, the engine's kernel when
 * gradients are recorded and a faster equivalent when they are not.
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
                .add(MaxPool2x2.block())
                .add(Activation::relu)
                .add(conv(64))
                .add(BatchNorm.builder().build())
                .add(MaxPool2x2.block())
                .add(Activation::relu)
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
