package org.gentrain.models;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The CIFAR residual networks of He, Zhang, Ren and Sun ("Deep residual learning for image
 * recognition", CVPR 2016, section 4.2), ResNet-20/32/44/56/110, for images of any size: depth
 * {@code 6n + 2},
 *
 * <pre>
 * conv 3x3, 16 filters -&gt; BN -&gt; ReLU
 * three stages of n post-activation basic blocks with 16, 32, 64 filters (strides 1, 2, 2):
 *     y = ReLU(BN(conv3x3(ReLU(BN(conv3x3(x))))) + shortcut(x))
 * global average pool -&gt; Linear(classes)
 * </pre>
 *
 * <p>Shortcuts are identities; where a block halves the map and doubles the filters the default is
 * the paper's option A for its CIFAR networks, a parameter-free {@link ZeroPaddingShortcut}
 * (subsample, pad with zero channels), so ResNet-20 has about 0.27 M parameters. Option B, a 1x1
 * convolution with stride followed by a batch norm, is {@link Shortcut#PROJECTION}. Convolutions have
 * no bias and start Kaiming-normal with fan-out; the classifier starts as PyTorch's default.
 */
public final class CifarResNet {

    /** How a block that changes the shape connects its input to its output. */
    public enum Shortcut {
        /** Option A: subsample and pad with zero channels; no parameters. */
        ZERO_PADDING,
        /** Option B: 1x1 convolution with the stride, then batch norm. */
        PROJECTION
    }

    private CifarResNet() {}

    /** ResNet-{@code depth} with option A shortcuts. */
    public static SequentialBlock create(int depth, int classes) {
        return create(depth, classes, Shortcut.ZERO_PADDING);
    }

    /**
     * ResNet-{@code depth} with {@code classes} outputs.
     *
     * @throws IllegalArgumentException if {@code depth} is not {@code 6n + 2} with {@code n >= 1}, or
     *     {@code classes} is below 1
     */
    public static SequentialBlock create(int depth, int classes, Shortcut shortcut) {
        int n = blocksPerStage(depth);
        Layers.positive("classes", classes);
        SequentialBlock net = new SequentialBlock().add(Layers.conv(16, 3, 1)).add(Layers.normRelu());
        int channels = 16;
        int[] widths = {16, 32, 64};
        for (int s = 0; s < widths.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < n; b++) {
                int stride = b == 0 && s > 0 ? 2 : 1;
                stage.add(block(channels, widths[s], stride, shortcut));
                channels = widths[s];
            }
            net.add(stage);
        }
        Linear classifier = Linear.builder().setUnits(classes).build();
        net.add(Layers.globalAveragePool()).add(classifier);
        net.setInitializer(Layers.KAIMING_FAN_OUT, Parameter.Type.WEIGHT);
        classifier.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
        return net;
    }

    /** The blocks per stage, {@code (depth - 2) / 6}, of a valid depth. */
    public static int blocksPerStage(int depth) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException(
                    "CIFAR ResNet depth must be 6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...), was " + depth);
        }
        return (depth - 2) / 6;
    }

    private static ResidualBlock block(int in, int out, int stride, Shortcut kind) {
        SequentialBlock branch = new SequentialBlock()
                .add(Layers.conv(out, 3, stride))
                .add(Layers.normRelu())
                .add(Layers.conv(out, 3, 1))
                .add(BatchNorm.builder().build());
        ResidualBlock.Builder block = ResidualBlock.builder().setBranch(branch).optPostactivation(Layers.relu());
        if (stride != 1 || in != out) {
            block.optShortcut(
                    kind == Shortcut.ZERO_PADDING
                            ? new ZeroPaddingShortcut(out, stride)
                            : new SequentialBlock()
                                    .add(Layers.conv(out, 1, stride))
                                    .add(BatchNorm.builder().build()));
        }
        return block.build();
    }
}
