package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.gentrain.data.Cifar10;
import org.gentrain.data.KnownDataset;
import org.gentrain.data.Normalization;

/**
 * The map between pixel space {@code [0, 1]} and the normalised values a model reads: {@code
 * model = (pixel - mean_c) / std_c} per channel {@code c}, and back {@code pixel = model * std_c +
 * mean_c}. gentrain's data sets store normalised images ({@link Normalization}); attacks de-normalise
 * them, perturb and clamp in pixel space, and normalise again before the model, so that budgets such
 * as {@code eps = 0.1} mean a tenth of the pixel range, as in the papers.
 */
public final class PixelSpace {

    private final float[] mean;
    private final float[] std;

    private PixelSpace(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** One normalisation for every channel, such as {@link Normalization#FASHION_MNIST}. */
    public static PixelSpace of(Normalization normalization) {
        return perChannel(List.of(normalization));
    }

    /** One normalisation per channel, such as {@link Cifar10#NORMALIZATION}. */
    public static PixelSpace perChannel(List<Normalization> channels) {
        if (channels == null || channels.isEmpty()) {
            throw new IllegalArgumentException("channels must name at least one normalisation");
        }
        float[] mean = new float[channels.size()];
        float[] std = new float[channels.size()];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = channels.get(c).mean();
            std[c] = channels.get(c).std();
            if (!(std[c] > 0) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("std of channel " + c + " must be > 0, was " + std[c]);
            }
        }
        return new PixelSpace(mean, std);
    }

    /** Images stored in pixel space already (mean 0, std 1). */
    public static PixelSpace identity() {
        return of(new Normalization(0f, 1f));
    }

    /** The normalisation gentrain's loader applies to a known data set. */
    public static PixelSpace of(KnownDataset dataset) {
        switch (dataset) {
            case FASHION_MNIST:
                return of(Normalization.FASHION_MNIST);
            case MNIST:
                return of(Normalization.MNIST);
            default:
                return perChannel(Cifar10.NORMALIZATION);
        }
    }

    /** The number of channels, or 1 when one normalisation serves every channel. */
    public int channels() {
        return mean.length;
    }

    /** The standard deviation of channel {@code c}. */
    public float std(int c) {
        return std[c];
    }

    /** The mean of channel {@code c}. */
    public float mean(int c) {
        return mean[c];
    }

    /**
     * Rejects images whose channel count this map cannot serve (a per-channel map must match).
     *
     * @param imageShape one image's shape {@code [C, H, W]}
     */
    public void checkImageShape(Shape imageShape) {
        if (mean.length > 1 && (imageShape.dimension() < 1 || imageShape.get(0) != mean.length)) {
            throw new IllegalArgumentException("images must have " + mean.length
                    + " channels for this normalisation, were of shape " + imageShape);
        }
    }

    /** Pixels {@code [N, C, ...]} in {@code [0, 1]} from normalised values. */
    public NDArray toPixels(NDArray normalised) {
        if (isIdentity()) {
            return normalised.duplicate();
        }
        NDManager manager = normalised.getManager();
        return normalised.mul(broadcast(manager, std, normalised)).add(broadcast(manager, mean, normalised));
    }

    /** Normalised values, as the model reads them, from pixels {@code [N, C, ...]}. */
    public NDArray toModel(NDArray pixels) {
        if (isIdentity()) {
            return pixels;
        }
        NDManager manager = pixels.getManager();
        return pixels.sub(broadcast(manager, mean, pixels)).div(broadcast(manager, std, pixels));
    }

    /**
     * A perturbation given in pixel units as the model sees it: {@code delta_c / std_c} per channel
     * (no mean shift), such as Gaussian noise of a pixel-space sigma.
     */
    public NDArray offsetToModel(NDArray pixelOffset) {
        if (isIdentity()) {
            return pixelOffset;
        }
        return pixelOffset.div(broadcast(pixelOffset.getManager(), std, pixelOffset));
    }

    private boolean isIdentity() {
        for (int c = 0; c < mean.length; c++) {
            if (mean[c] != 0f || std[c] != 1f) {
                return false;
            }
        }
        return true;
    }

    private static NDArray broadcast(NDManager manager, float[] values, NDArray like) {
        if (values.length == 1) {
            return manager.create(values[0]).toType(like.getDataType(), false);
        }
        long[] dims = new long[like.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[1] = values.length;
        return manager.create(values, new Shape(dims)).toType(like.getDataType(), false);
    }

    @Override
    public String toString() {
        return "PixelSpace(mean " + java.util.Arrays.toString(mean) + ", std " + java.util.Arrays.toString(std) + ")";
    }
}
