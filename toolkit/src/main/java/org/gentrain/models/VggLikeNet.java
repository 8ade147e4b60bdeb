package org.gentrain.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The plain VGG-like networks of the MHE and OPT authors' CIFAR code, for images of any size with
 * sides of at least 8:
 *
 * <pre>
 * three stages, each: L x (conv 3x3 pad 1, no bias -&gt; BN -&gt; ReLU), then max-pool 2x2
 * "fc" conv with the last map's size as kernel (4x4 at 32x32), no padding, no bias, F filters,
 *     no batch norm and no ReLU
 * flatten -&gt; Linear(classes), no bias (the code's 1x1 "score" convolution on the 1x1 map)
 * </pre>
 *
 * <ul>
 *   <li>{@link #mhe9}: the 9-layer network of MHE (Liu et al., NeurIPS 2018), {@code code/architecture.py}
 *       in {@code wy1iu/MHE}: L = 3, widths 64/128/256, F = 256 (its logs are the CIFAR-100 figures
 *       the CoMHE paper compares with).
 *   <li>{@link #opt6}: the 6-layer network of OPT's released code (Liu et al., CVPR 2021),
 *       {@code opt_*&#47;architecture.py} in {@code wy1iu/OPT}: L = 2, widths 32/64/128, F = 128.
 * </ul>
 *
 * <p>Weights start {@code N(0, 2 / fan_in)} as in both codes. The batch norms are DJL's (epsilon
 * 1e-5, running statistics updated with momentum 0.9, as in PyTorch); the authors' TensorFlow batch
 * norm uses epsilon 1e-3 and a moving average with decay 0.999, which only changes the statistics
 * used at test time. The batch norm of a stage's last
 * convolution is followed by the {@link MaxPool2x2} and then the ReLU (ReLU is monotone, so this is
 * the same function as ReLU-then-pool), which lets MaxUp's scoring normalise after the pooling. The
 * authors pool with TensorFlow's {@code SAME} padding, this network with floor mode: the two agree
 * when height and width are multiples of 8 (CIFAR's 32 x 32).
 */
public final class VggLikeNet {

    private VggLikeNet() {}

    /** The MHE authors' 9-layer network for {@code imageShape} ({@code C x H x W}). */
    public static SequentialBlock mhe9(Shape imageShape, int classes) {
        return create(imageShape, classes, 3, new int[] {64, 128, 256}, 256);
    }

    /** The OPT authors' 6-layer network for {@code imageShape} ({@code C x H x W}). */
    public static SequentialBlock opt6(Shape imageShape, int classes) {
        return create(imageShape, classes, 2, new int[] {32, 64, 128}, 128);
    }

    /**
     * A network of this family: {@code layersPerStage} convolutions in each stage of {@code widths},
     * an "fc" convolution with {@code features} filters, a classifier with {@code classes} outputs.
     *
     * @throws IllegalArgumentException if the image is not {@code C x H x W} with sides of at least
     *     {@code 2^stages}, or a count is below 1
     */
    public static SequentialBlock create(
            Shape imageShape, int classes, int layersPerStage, int[] widths, int features) {
        Layers.positive("classes", classes);
        Layers.positive("layers per stage", layersPerStage);
        Layers.positive("features", features);
        if (widths.length == 0) {
            throw new IllegalArgumentException("widths must name at least one stage");
        }
        long side = 1L << widths.length;
        if (imageShape.dimension() != 3 || imageShape.get(1) < side || imageShape.get(2) < side) {
            throw new IllegalArgumentException("a VGG-like network of " + widths.length
                    + " stages needs images C x H x W with H, W >= " + side + ", was " + imageShape);
        }
        SequentialBlock net = new SequentialBlock();
        long height = imageShape.get(1);
        long width = imageShape.get(2);
        for (int s = 0; s < widths.length; s++) {
            Layers.positive("width of stage " + (s + 1), widths[s]);
            for (int l = 0; l < layersPerStage; l++) {
                net.add(Layers.conv(widths[s], 3, 1)).add(BatchNorm.builder().build());
                if (l < layersPerStage - 1) {
                    net.add(Activation::relu);
                }
            }
            net.add(MaxPool2x2.block()).add(Activation::relu);
            height /= 2;
            width /= 2;
        }
        net.add(ai.djl.nn.convolutional.Conv2d.builder()
                        .setKernelShape(new Shape(height, width))
                        .setFilters(features)
                        .optBias(false)
                        .build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).optBias(false).build());
        net.setInitializer(Layers.KAIMING_FAN_IN, Parameter.Type.WEIGHT);
        return net;
    }
}
