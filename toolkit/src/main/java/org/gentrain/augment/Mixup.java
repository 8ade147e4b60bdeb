package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;

/**
 * Mixup (Zhang, Cisse, Dauphin, Lopez-Paz 2018): each image is blended with a partner from the
 * batch (a random permutation), {@code x'_i = lambda_i x_i + (1 - lambda_i) x_perm(i)}, and so are
 * the targets, {@code t'_i = lambda_i t_i + (1 - lambda_i) t_perm(i)}, with {@code lambda ~
 * Beta(alpha, alpha)}, {@code alpha = 1} by default. Unlike the authors' code, which draws one
 * {@code lambda} per batch, every image draws its own, so MaxUp's copies of one example differ in
 * {@code lambda} too.
 */
public final class Mixup extends SeededAugmentation {

    private final double alpha;

    private Mixup(Builder builder) {
        super(builder.seed);
        this.alpha = builder.alpha;
    }

    /** A builder; alpha 1 by default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "mixup";
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        requireImages(images);
        int n = (int) images.getShape().get(0);
        NDManager manager = images.getManager();
        NDArray partner = ints(manager, random.permutation(n), new Shape(n));
        NDArray lambda = manager.create(random.beta(n, alpha, alpha), new Shape(n));
        NDArray keep = lambda.toType(images.getDataType(), false).reshape(n, 1, 1, 1);
        NDArray other = images.get(new NDIndex("{}", partner));
        NDArray mixed = other.add(images.sub(other).mul(keep));
        return new Augmented(mixed, targets.mix(partner, lambda));
    }

    /** Builds {@link Mixup}. */
    public static final class Builder {
        private double alpha = 1;
        private long seed = 0x6d69787570L;

        /** The Beta distribution's parameter, {@code > 0}; 1 by default. */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** The seed of the random source. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public Mixup build() {
            Checks.positive("mixup alpha", alpha);
            return new Mixup(this);
        }
    }
}
