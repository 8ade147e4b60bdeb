package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;

/**
 * Random crop with zero padding, the standard CIFAR augmentation underneath Cutout and MaxUp:
 * pad every image by {@code p} pixels on each side (with 0, the mean in normalised units), then
 * cut out an {@code H x W} window at a uniform offset in {@code [0, 2p]^2}, so each image moves
 * by up to {@code p} pixels. {@code p = 4} by default, as for 32 x 32 CIFAR images.
 *
 * <p>The window is gathered in two batched index operations (rows, then columns) with each
 * image's offsets broadcast against {@code arange}.
 */
public final class RandomCrop extends SeededAugmentation {

    private final int padding;

    private RandomCrop(Builder builder) {
        super(builder.seed);
        this.padding = builder.padding;
    }

    /** A builder; padding 4 by default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "crop";
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        requireImages(images);
        if (padding == 0) {
            return new Augmented(images, targets);
        }
        Shape shape = images.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        NDManager manager = images.getManager();
        NDArray padded = images.pad(new Shape(padding, padding, padding, padding), 0);
        Shape column = new Shape(n, 1, 1, 1);
        NDArray dy = ints(manager, random.ints((int) n, 2 * padding + 1), column);
        NDArray dx = ints(manager, random.ints((int) n, 2 * padding + 1), column);
        NDArray rows =
                dy.add(arange(manager, (int) h, new Shape(1, 1, h, 1))).broadcast(new Shape(n, c, h, w + 2L * padding));
        NDArray cols = dx.add(arange(manager, (int) w, new Shape(1, 1, 1, w))).broadcast(new Shape(n, c, h, w));
        return new Augmented(padded.gather(rows, 2).gather(cols, 3), targets);
    }

    /** Builds {@link RandomCrop}. */
    public static final class Builder {
        private int padding = 4;
        private long seed = 0x63726f70L;

        /** The padding on each side, {@code >= 0}; 4 by default. */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /** The seed of the random source. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public RandomCrop build() {
            Checks.atLeast("crop padding", padding, 0);
            return new RandomCrop(this);
        }
    }
}
