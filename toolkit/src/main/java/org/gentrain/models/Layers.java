package org.gentrain.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/** The layers the models of this package are made of. */
final class Layers {

    /** Kaiming-normal with fan-out, {@code N(0, 2 / (c_out k_h k_w))}: the ResNet and WideResNet authors' choice. */
    static final Initializer KAIMING_FAN_OUT =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2);

    /** Kaiming-normal with fan-in, {@code N(0, 2 / (c_in k_h k_w))}: the MHE/OPT authors' choice. */
    static final Initializer KAIMING_FAN_IN =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);

    private Layers() {}

    /** A square convolution without bias, padded by {@code kernel / 2} (the map keeps its size at stride 1). */
    static Conv2d conv(int filters, int kernel, int stride) {
        return conv(filters, kernel, stride, kernel / 2);
    }

    /** A square convolution without bias. */
    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    /** Batch norm then ReLU. */
    static SequentialBlock normRelu() {
        return new SequentialBlock().add(BatchNorm.builder().build()).add(Activation::relu);
    }

    /** ReLU as a block. */
    static Block relu() {
        return new LambdaBlock(Activation::relu, "relu");
    }

    /** The mean of each channel's map, {@code [N, C, H, W] -> [N, C]}. */
    static Block globalAveragePool() {
        return new LambdaBlock(
                inputs -> {
                    NDArray x = inputs.singletonOrThrow();
                    Shape shape = x.getShape();
                    // one axis: PyTorch's engine in DJL reduces means over a single axis only
                    return new NDList(x.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3))
                            .mean(new int[] {2}));
                },
                "globalAveragePool");
    }

    static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
        return value;
    }
}
