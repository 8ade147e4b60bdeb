package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;

/**
 * Mirrors each image left to right with probability {@code p} (0.5 by default, as in the standard
 * CIFAR pipeline the MaxUp authors build on): {@code x'[.., j] = x[.., W - 1 - j]}. One batched
 * flip and a per-image selection.
 */
public final class HorizontalFlip extends SeededAugmentation {

    private final double probability;

    private HorizontalFlip(Builder builder) {
        super(builder.seed);
        this.probability = builder.probability;
    }

    /** A builder; probability 0.5 by default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "flip";
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        requireImages(images);
        int n = (int) images.getShape().get(0);
        boolean[] flip = new boolean[n];
        for (int i = 0; i < n; i++) {
            flip[i] = random.nextDouble() < probability;
        }
        NDArray condition = images.getManager().create(flip, new Shape(n, 1, 1, 1));
        return new Augmented(NDArrays.where(condition.broadcast(images.getShape()), images.flip(3), images), targets);
    }

    /** Builds {@link HorizontalFlip}. */
    public static final class Builder {
        private double probability = 0.5;
        private long seed = 0x666c6970L;

        /** The probability of flipping an image, in {@code [0, 1]}; 0.5 by default. */
        public Builder optProbability(double probability) {
            this.probability = probability;
            return this;
        }

        /** The seed of the random source. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public HorizontalFlip build() {
            Checks.inRange("flip probability", probability, 0, true, 1, true);
            return new HorizontalFlip(this);
        }
    }
}
