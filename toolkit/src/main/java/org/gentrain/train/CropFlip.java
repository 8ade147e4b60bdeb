package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Random crop with padding and random horizontal flip of a whole batch at once: each image {@code
 * [C, H, W]} is padded by {@code p} zeros on every side, an {@code H x W} window at a uniformly
 * drawn offset {@code (dy, dx)} in {@code [0, 2p]^2} is cut out, and with probability 1/2 it is
 * mirrored left to right: {@code out[c, i, j] = padded[c, dy + i, dx + j']} with {@code j' = W - 1
 * - j} if flipped and {@code j' = j} otherwise.
 *
 * <p>The batch is already normalised, so the padding is 0 in normalised units: the training set's
 * mean colour. (torchvision pads the raw image with black before normalising; the difference is
 * only the colour of the border.) The offsets and flips come from a {@link SplittableRandom}
 * seeded with the batch's seed, so they do not depend on the engine's generator; the crop and
 * the flip are two gathers on the device ({@code torch.gather} along the rows, then along the
 * columns), whatever the batch size.
 */
public final class CropFlip implements TrainAugmentation {

    private final int padding;
    private final boolean flip;

    /**
     * A crop with {@code padding} and, if {@code flip}, a horizontal flip with probability 1/2.
     *
     * @throws IllegalArgumentException if {@code padding < 0}
     */
    public CropFlip(int padding, boolean flip) {
        Checks.atLeast("padding", padding, 0);
        this.padding = padding;
        this.flip = flip;
    }

    /** The padding on each side. */
    public int padding() {
        return padding;
    }

    /** Whether images are also mirrored. */
    public boolean flips() {
        return flip;
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be [batch, channels, height, width], was " + shape);
        }
        int batch = (int) shape.get(0);
        int channels = (int) shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int p = padding;
        long[] rows = new long[batch * height];
        long[] columns = new long[batch * width];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < batch; b++) {
            int dy = random.nextInt(2 * p + 1);
            int dx = random.nextInt(2 * p + 1);
            boolean mirrored = flip && random.nextBoolean();
            for (int i = 0; i < height; i++) {
                rows[b * height + i] = dy + i;
            }
            for (int j = 0; j < width; j++) {
                columns[b * width + j] = dx + (mirrored ? width - 1 - j : j);
            }
        }
        NDManager manager = images.getManager();
        NDArray padded = images;
        if (p > 0) {
            padded = manager.zeros(
                    new Shape(batch, channels, height + 2L * p, width + 2L * p),
                    images.getDataType(),
                    images.getDevice());
            padded.set(new NDIndex(":, :, {}:{}, {}:{}", p, p + height, p, p + width), images);
        }
        NDArray rowIndex = manager.create(rows, new Shape(batch, 1, height, 1))
                .toDevice(images.getDevice(), false)
                .broadcast(new Shape(batch, channels, height, width + 2L * p));
        NDArray cropped = padded.gather(rowIndex, 2);
        NDArray columnIndex = manager.create(columns, new Shape(batch, 1, 1, width))
                .toDevice(images.getDevice(), false)
                .broadcast(new Shape(batch, channels, height, width));
        return cropped.gather(columnIndex, 3);
    }

    @Override
    public String describe() {
        return (flip ? "crop-flip:" : "crop:") + padding;
    }

    @Override
    public String toString() {
        return describe();
    }
}
