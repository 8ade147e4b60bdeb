package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;

/**
 * Cutout (DeVries and Taylor 2017): sets a {@code size x size} square of every image to 0 (the
 * data mean, in normalised units), on all channels. As in the authors' code, the square's centre
 * is uniform over the image and the square is clipped at the borders, so near an edge less than
 * {@code size^2} pixels are erased; with {@link Builder#optInside(boolean) optInside(true)} the
 * square lies wholly inside the image and always erases exactly {@code size^2} pixels per channel.
 * The benchmark protocol's MaxUp arm uses {@code size = 8}.
 *
 * <p>The masks are built in one batched comparison of row and column indices with each image's
 * square.
 */
public final class Cutout extends SeededAugmentation {

    private final int size;
    private final boolean inside;

    private Cutout(Builder builder) {
        super(builder.seed);
        this.size = builder.size;
        this.inside = builder.inside;
    }

    /** A builder; size 8 by default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The side of the square. */
    public int size() {
        return size;
    }

    @Override
    public String name() {
        return "cutout";
    }

    /** Rejects images smaller than the square: {@code size} must be at most their height and width. */
    @Override
    public void checkImageShape(Shape imageShape) {
        int dimensions = imageShape.dimension();
        if (dimensions < 2) {
            throw new IllegalArgumentException("cutout needs images [C, H, W], was " + imageShape);
        }
        long h = imageShape.get(dimensions - 2);
        long w = imageShape.get(dimensions - 1);
        if (size > Math.min(h, w)) {
            throw new IllegalArgumentException(
                    "cutout size must be in [1, " + Math.min(h, w) + "] for " + h + " x " + w + " images, was " + size);
        }
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        requireImages(images);
        Shape shape = images.getShape();
        checkImageShape(shape);
        int n = (int) shape.get(0);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        int[] y0 = new int[n];
        int[] y1 = new int[n];
        int[] x0 = new int[n];
        int[] x1 = new int[n];
        for (int i = 0; i < n; i++) {
            if (inside) {
                y0[i] = random.nextInt(h - size + 1);
                x0[i] = random.nextInt(w - size + 1);
            } else {
                y0[i] = random.nextInt(h) - size / 2;
                x0[i] = random.nextInt(w) - size / 2;
            }
            y1[i] = Math.min(h, y0[i] + size);
            x1[i] = Math.min(w, x0[i] + size);
            y0[i] = Math.max(0, y0[i]);
            x0[i] = Math.max(0, x0[i]);
        }
        NDArray erase = boxMask(images.getManager(), y0, y1, x0, x1, h, w);
        NDArray keep = erase.logicalNot().toType(images.getDataType(), false);
        return new Augmented(images.mul(keep), targets);
    }

    /** Builds {@link Cutout}. */
    public static final class Builder {
        private int size = 8;
        private boolean inside;
        private int imageHeight;
        private int imageWidth;
        private long seed = 0x6375746f7574L;

        /** The side of the erased square, {@code >= 1}; 8 by default. */
        public Builder setSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * The images' height and width, if known: {@link #build()} then rejects a square larger
         * than the image (otherwise the first batch does).
         */
        public Builder optImageSize(int height, int width) {
            this.imageHeight = height;
            this.imageWidth = width;
            return this;
        }

        /** Whether the square always lies wholly inside the image; false (clipped) by default. */
        public Builder optInside(boolean inside) {
            this.inside = inside;
            return this;
        }

        /** The seed of the random source. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public Cutout build() {
            if (imageHeight > 0 && imageWidth > 0) {
                Checks.inRange("cutout size", size, 1, true, Math.min(imageHeight, imageWidth), true);
            } else {
                Checks.atLeast("cutout size", size, 1);
            }
            return new Cutout(this);
        }
    }
}
