package org.gentrain.models;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import java.util.Arrays;

/**
 * A pre-activation residual network of basic blocks (He, Zhang, Ren, Sun, "Identity mappings in
 * deep residual networks", ECCV 2016) for images of any size:
 *
 * <pre>
 * conv 3x3 (stem filters, no bias)
 * stage s = 1..S: blocks[s] ResidualBlocks, widths[s] filters, the first with stride strides[s]:
 *     p = ReLU(BN(x));  y = conv3x3(ReLU(BN(conv3x3(p)))) + shortcut
 *     shortcut = x where the shape is kept, conv1x1(p) with the stride (no bias) where it changes
 * [BN -&gt; ReLU]   (only with optFinalActivation)
 * global average pool -&gt; Linear(classes)
 * </pre>
 *
 * <p>{@link #resNet18} is the PreAct ResNet-18 of the COT and HCOT authors' code
 * ({@code models/PreActResNet.py} in {@code henry8527/HCOT}): stem 64, widths 64/128/256/512, two
 * blocks each, strides 1/2/2/2, no batch norm or ReLU after the last block (the authors' network
 * average-pools the last block's sum directly), PyTorch's default initialisation. On 32 x 32 input
 * the last map is 4 x 4 and the global average pool is their {@code avg_pool2d(out, 4)}.
 * {@link WideResNet} is this network with the WideResNet settings (final BN-ReLU included).
 */
public final class PreActResNet {

    private PreActResNet() {}

    /** The COT/HCOT authors' PreAct ResNet-18 with {@code classes} outputs. */
    public static SequentialBlock resNet18(int classes) {
        return builder().setClasses(classes).build();
    }

    /** A builder with the PreAct ResNet-18 settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a pre-activation residual network. */
    public static final class Builder {
        private int classes;
        private int stem = 64;
        private int[] widths = {64, 128, 256, 512};
        private int[] blocks = {2, 2, 2, 2};
        private int[] strides = {1, 2, 2, 2};
        private boolean finalActivation;
        private Initializer convInitializer = Initialization.TORCH_DEFAULT;

        private Builder() {}

        /** Number of outputs (required, >= 1). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Filters of the stem convolution (default 64). */
        public Builder optStem(int filters) {
            this.stem = filters;
            return this;
        }

        /**
         * Stages: filters, blocks and first stride of each (defaults 64/128/256/512, 2/2/2/2 and
         * 1/2/2/2).
         */
        public Builder optStages(int[] widths, int[] blocks, int[] strides) {
            this.widths = widths.clone();
            this.blocks = blocks.clone();
            this.strides = strides.clone();
            return this;
        }

        /** Whether a BN-ReLU follows the last block (default false, as in the COT/HCOT code). */
        public Builder optFinalActivation(boolean finalActivation) {
            this.finalActivation = finalActivation;
            return this;
        }

        /** Initialiser of the convolutions' weights (default PyTorch's, {@link Initialization#TORCH_DEFAULT}). */
        public Builder optConvInitializer(Initializer initializer) {
            this.convInitializer = initializer;
            return this;
        }

        /** The network. */
        public SequentialBlock build() {
            Layers.positive("classes", classes);
            Layers.positive("stem filters", stem);
            if (widths.length == 0 || widths.length != blocks.length || widths.length != strides.length) {
                throw new IllegalArgumentException(
                        "stages need as many widths, block counts and strides, >= 1 each, were "
                                + Arrays.toString(widths) + ", " + Arrays.toString(blocks) + ", "
                                + Arrays.toString(strides));
            }
            SequentialBlock net = new SequentialBlock().add(Layers.conv(stem, 3, 1));
            int channels = stem;
            for (int s = 0; s < widths.length; s++) {
                Layers.positive("width of stage " + (s + 1), widths[s]);
                Layers.positive("blocks of stage " + (s + 1), blocks[s]);
                Layers.positive("stride of stage " + (s + 1), strides[s]);
                SequentialBlock stage = new SequentialBlock();
                for (int b = 0; b < blocks[s]; b++) {
                    int stride = b == 0 ? strides[s] : 1;
                    stage.add(block(channels, widths[s], stride));
                    channels = widths[s];
                }
                net.add(stage);
            }
            if (finalActivation) {
                net.add(Layers.normRelu());
            }
            Linear classifier = Linear.builder().setUnits(classes).build();
            net.add(Layers.globalAveragePool()).add(classifier);
            net.setInitializer(convInitializer, Parameter.Type.WEIGHT);
            classifier.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
            return net;
        }

        private static ResidualBlock block(int in, int out, int stride) {
            SequentialBlock branch = new SequentialBlock()
                    .add(Layers.conv(out, 3, stride))
                    .add(Layers.normRelu())
                    .add(Layers.conv(out, 3, 1));
            ResidualBlock.Builder block =
                    ResidualBlock.builder().optPreactivation(Layers.normRelu()).setBranch(branch);
            if (stride != 1 || in != out) {
                block.optShortcut(new SequentialBlock().add(Layers.conv(out, 1, stride)))
                        .optShortcutOfPreactivation(true);
            }
            return block.build();
        }
    }
}
