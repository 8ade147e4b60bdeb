package org.gentrain.models;

import ai.djl.nn.SequentialBlock;

/**
 * WRN-d-k, the wide residual network of Zagoruyko and Komodakis (BMVC 2016) for images of any
 * size: a 3x3 stem convolution with 16 filters, then three stages of {@code n = (d - 4) / 6}
 * pre-activation basic blocks with {@code 16k}, {@code 32k} and {@code 64k} filters (strides 1, 2,
 * 2), BN-ReLU, global average pooling and a linear classifier. Where a block changes the number of
 * channels or the map size, its shortcut is a 1x1 convolution (no bias) of the block's pre-activated
 * input, as in the authors' code; elsewhere it is the identity. No dropout between the two
 * convolutions of a block (the paper's default variant). Convolutions start Kaiming-normal with
 * fan-out, the classifier as PyTorch's default. {@code d = 4 + 6n} counts the stem, {@code 2n}
 * convolutions per stage and the classifier (the shortcuts' 1x1 convolutions are not counted).
 * WRN-28-10 has about 36.5 M parameters for ten classes.
 */
public final class WideResNet {

    private WideResNet() {}

    /**
     * WRN-{@code depth}-{@code widen} with {@code classes} outputs.
     *
     * @throws IllegalArgumentException if {@code depth} is not {@code 6n + 4} with {@code n >= 1}, or
     *     {@code widen} or {@code classes} is below 1
     */
    public static SequentialBlock create(int depth, int widen, int classes) {
        int n = blocksPerStage(depth);
        Layers.positive("widen factor", widen);
        return PreActResNet.builder()
                .setClasses(classes)
                .optStem(16)
                .optStages(new int[] {16 * widen, 32 * widen, 64 * widen}, new int[] {n, n, n}, new int[] {1, 2, 2})
                .optFinalActivation(true)
                .optConvInitializer(Layers.KAIMING_FAN_OUT)
                .build();
    }

    /** The blocks per stage, {@code (depth - 4) / 6}, of a valid WRN depth. */
    public static int blocksPerStage(int depth) {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException(
                    "WideResNet depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, 40, ...), was " + depth);
        }
        return (depth - 4) / 6;
    }
}
