package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.gentrain.train.Checks;
import org.gentrain.train.CrossEntropy;
import org.gentrain.train.Objective;
import org.gentrain.train.StepContext;

/**
 * Gaussian data augmentation (Cohen, Rosenfeld, Kolter, "Certified Adversarial Robustness via
 * Randomized Smoothing", ICML 2019), the base classifier's training for randomised smoothing and the
 * baseline MaxUp with Gaussian noise is compared with (Gong et al. 2020): each step trains with
 * cross-entropy on one noisy copy of the batch, {@code x' = x + sigma * eps}, {@code eps ~ N(0, I)}.
 *
 * <p>{@code sigma} is in the units of the images as the model reads them (normalised), as in {@code
 * GaussianNoise} and so as in {@code maxup-gauss}, and as the noise {@code RandomizedSmoothing} adds
 * when it smooths a learner; {@code sigma = 0.25} is {@code 0.25 * std} in pixel units (0.088 for
 * Fashion-MNIST). With {@link Builder#optPixelSpace} sigma is in pixel units instead, as in Cohen et
 * al. (whose sigma 0.25 is a quarter of the pixel range); certify such a model with {@link
 * TargetModel#pixelClassifier()} and {@link CertificationCurve#certifyPixels}. The noise of step {@code s} of epoch {@code e} is drawn from a generator seeded by
 * the run's seed, {@code e} and {@code s}, so a run and a resumed run draw the same noise.
 */
public final class GaussianAugmentation implements Objective {

    /** The name arms and tables use. */
    public static final String NAME = "gauss-aug";

    private final double sigma;
    private final PixelSpace pixelSpace;

    private GaussianAugmentation(Builder builder) {
        this.sigma = builder.sigma;
        this.pixelSpace = builder.pixelSpace;
    }

    /** A builder; sigma 0.25 by default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The noise's standard deviation, in normalised units, or in pixel units with a pixel space. */
    public double sigma() {
        return sigma;
    }

    /** Rejects images whose channels the pixel space (if any) does not match. */
    @Override
    public void checkInputShape(Shape inputShape) {
        if (pixelSpace != null) {
            pixelSpace.checkImageShape(inputShape);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray step(StepContext step) {
        NDArray data = step.data();
        long seed = RobustAccuracy.mix(step.learner().derivedSeed(NAME, step.epoch()), step.batchIndex());
        NDArray noise = gaussian(step, data, seed).muli(sigma);
        NDArray noisy = data.add(pixelSpace == null ? noise : pixelSpace.offsetToModel(noise));
        return step.descend(() -> CrossEntropy.mean(step.forward(noisy), step.labels()));
    }

    private static NDArray gaussian(StepContext step, NDArray like, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(like.getShape().size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return step.manager().create(values, like.getShape()).toType(like.getDataType(), false);
    }

    /** Builds {@link GaussianAugmentation}. */
    public static final class Builder {
        private double sigma = 0.25;
        private PixelSpace pixelSpace;

        /** The standard deviation, {@code > 0}; 0.25 by default, in normalised units unless a pixel space is set. */
        public Builder optSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /**
         * Makes sigma a pixel-unit standard deviation, as in Cohen et al.: the noise added to the
         * normalised images is {@code sigma / std_c} per channel. Not set by default (sigma in
         * normalised units, as {@code maxup-gauss}).
         */
        public Builder optPixelSpace(PixelSpace pixelSpace) {
            this.pixelSpace = pixelSpace;
            return this;
        }

        /** Validates and builds. */
        public GaussianAugmentation build() {
            Checks.positive("sigma", sigma);
            if (Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("sigma must be finite, was " + sigma);
            }
            return new GaussianAugmentation(this);
        }
    }
}
