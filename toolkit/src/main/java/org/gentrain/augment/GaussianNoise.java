package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import org.gentrain.train.Checks;

/**
 * Additive Gaussian noise, {@code x' = x + sigma * eps}, {@code eps ~ N(0, I)}, in the images'
 * (normalised) units: the perturbation under which randomised smoothing certifies (Cohen et al.
 * 2019) and MaxUp's certified-robustness setting (Gong et al. 2020). The benchmark protocol uses
 * {@code sigma = 0.25}.
 */
public final class GaussianNoise extends SeededAugmentation {

    private final double sigma;

    private GaussianNoise(Builder builder) {
        super(builder.seed);
        this.sigma = builder.sigma;
    }

    /** A builder; sigma 0.25 by default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The noise's standard deviation. */
    public double sigma() {
        return sigma;
    }

    @Override
    public String name() {
        return "gauss";
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        requireImages(images);
        NDArray noise = random.normal(images.getManager(), images.getShape(), images.getDataType());
        noise.muli(sigma);
        return new Augmented(images.add(noise), targets);
    }

    /** Builds {@link GaussianNoise}. */
    public static final class Builder {
        private double sigma = 0.25;
        private long seed = 0x6175737321L;

        /** The standard deviation, {@code >= 0}; 0.25 by default. */
        public Builder optSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /** The seed of the random source. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public GaussianNoise build() {
            Checks.atLeast("sigma", sigma, 0);
            return new GaussianNoise(this);
        }
    }
}
