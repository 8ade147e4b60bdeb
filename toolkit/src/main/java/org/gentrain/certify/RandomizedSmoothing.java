package org.gentrain.certify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.gentrain.augment.RandomSource;
import org.gentrain.train.Checks;
import org.gentrain.train.Learner;

/**
 * Randomised smoothing (Cohen, Rosenfeld, Kolter, "Certified Adversarial Robustness via Randomized
 * Smoothing", ICML 2019), the certification MaxUp with Gaussian noise is evaluated with (Gong et
 * al. 2020, section 4.3). The smoothed classifier is {@code g(x) = argmax_c P(f(x + eps) = c)},
 * {@code eps ~ N(0, sigma^2 I)}, estimated by Monte Carlo:
 *
 * <ul>
 *   <li>{@link #predict}: the top two classes' counts {@code nA, nB} over {@code n} samples; the
 *       top class if the two-sided binomial test of {@code nA} against {@code nA + nB} trials with
 *       {@code p = 1/2} gives a p-value at most {@code alpha}, otherwise abstain.
 *   <li>{@link #certify}: guess the class {@code cA} from {@code n0} samples, count it in {@code n}
 *       fresh samples, take the one-sided Clopper-Pearson lower bound {@code pA_lower =
 *       Beta^-1(alpha; nA, n - nA + 1)}; abstain if {@code pA_lower <= 0.5}, otherwise certify
 *       {@code cA} within the L2 radius {@code sigma * Phi^-1(pA_lower)}.
 * </ul>
 *
 * <p>The Beta and normal quantiles and the binomial test are commons-math3's. Defaults as in the
 * papers: {@code n0 = 100}, {@code n = 100000}, {@code alpha = 0.001}; sigma in {0.25, 0.5, 1}.
 */
public final class RandomizedSmoothing {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private final UnaryOperator<NDArray> classifier;
    private final double sigma;
    private final int n0;
    private final int n;
    private final double alpha;
    private final int batchSize;
    private final RandomSource random;

    private RandomizedSmoothing(Builder builder) {
        this.classifier = builder.classifier;
        this.sigma = builder.sigma;
        this.n0 = builder.n0;
        this.n = builder.n;
        this.alpha = builder.alpha;
        this.batchSize = builder.batchSize;
        this.random = new RandomSource(builder.seed);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The noise level. */
    public double sigma() {
        return sigma;
    }

    /**
     * The smoothed prediction for one input {@code [C, H, W]} from {@code n} samples: the top
     * class, or {@link Certificate#ABSTAIN} when the binomial test cannot tell it from the runner-up
     * at level {@code alpha}.
     */
    public int predict(NDArray input) {
        long[] counts = sampleCounts(input, n);
        int top = argMax(counts, -1);
        int second = argMax(counts, top);
        long nA = counts[top];
        long nB = second < 0 ? 0 : counts[second];
        double p = new BinomialTest().binomialTest((int) (nA + nB), (int) nA, 0.5, AlternativeHypothesis.TWO_SIDED);
        return p <= alpha ? top : Certificate.ABSTAIN;
    }

    /** Certifies one input {@code [C, H, W]}: its class and certified L2 radius, or an abstention. */
    public Certificate certify(NDArray input) {
        int guess = argMax(sampleCounts(input, n0), -1);
        long[] counts = sampleCounts(input, n);
        long nA = counts[guess];
        double pALower = lowerConfidenceBound(nA, n, alpha);
        if (pALower <= 0.5) {
            return new Certificate(Certificate.ABSTAIN, 0, pALower, nA, n);
        }
        return new Certificate(guess, radius(sigma, pALower), pALower, nA, n);
    }

    /** Certifies every image of {@code images [N, C, H, W]}. */
    public List<Certificate> certifyAll(NDArray images) {
        List<Certificate> certificates = new ArrayList<>();
        long count = images.getShape().get(0);
        for (long i = 0; i < count; i++) {
            try (NDManager scope = images.getManager().newSubManager()) {
                NDArray image = images.get(i);
                image.attach(scope);
                certificates.add(certify(image));
            }
        }
        return certificates;
    }

    /**
     * Certified accuracy at radius {@code r}: the fraction of the images whose certificate names
     * the true label with a radius of at least {@code r}.
     */
    public double certifiedAccuracy(NDArray images, NDArray labels, double r) {
        return certifiedAccuracy(
                certifyAll(images), labels.toType(DataType.INT64, false).toLongArray(), r);
    }

    /** Certified accuracy at radius {@code r} of certificates already computed. */
    public static double certifiedAccuracy(List<Certificate> certificates, long[] labels, double r) {
        if (certificates.size() != labels.length) {
            throw new IllegalArgumentException("labels must match the certificates: " + labels.length + " labels for "
                    + certificates.size() + " certificates");
        }
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (certificates.get(i).certifiedCorrect((int) labels[i], r)) {
                correct++;
            }
        }
        return certificates.isEmpty() ? 0 : (double) correct / certificates.size();
    }

    /**
     * The one-sided {@code (1 - alpha)} Clopper-Pearson lower bound on a binomial proportion after
     * {@code k} successes in {@code n} trials: the {@code alpha} quantile of {@code Beta(k, n - k +
     * 1)}, and 0 when {@code k = 0}.
     */
    public static double lowerConfidenceBound(long k, long n, double alpha) {
        if (k == 0) {
            return 0;
        }
        return new BetaDistribution(null, k, n - k + 1, 1e-15).inverseCumulativeProbability(alpha);
    }

    /** The certified L2 radius {@code sigma * Phi^-1(pALower)}. */
    public static double radius(double sigma, double pALower) {
        return sigma * STANDARD_NORMAL.inverseCumulativeProbability(pALower);
    }

    /** How often the base classifier gives each class on {@code samples} noisy copies of {@code input}. */
    long[] sampleCounts(NDArray input, int samples) {
        long[] counts = null;
        Shape single = input.getShape();
        NDArray center = input.expandDims(0);
        for (int done = 0; done < samples; done += batchSize) {
            int size = Math.min(batchSize, samples - done);
            try (NDManager scope = input.getManager().newSubManager()) {
                Shape batch = new Shape(size).addAll(single);
                NDArray noise = random.normal(scope, batch, input.getDataType());
                noise.muli(sigma);
                NDArray noisy = noise.addi(center);
                NDArray logits = classifier.apply(noisy);
                int classes = (int) logits.getShape().get(1);
                if (counts == null) {
                    counts = new long[classes];
                }
                NDArray histogram =
                        logits.argMax(1).oneHot(classes, DataType.INT64).sum(new int[] {0});
                long[] batchCounts = histogram.toLongArray();
                for (int c = 0; c < classes; c++) {
                    counts[c] += batchCounts[c];
                }
            }
        }
        return counts;
    }

    private static int argMax(long[] counts, int skip) {
        int best = -1;
        for (int c = 0; c < counts.length; c++) {
            if (c != skip && (best < 0 || counts[c] > counts[best])) {
                best = c;
            }
        }
        return best;
    }

    /** Builds {@link RandomizedSmoothing}. */
    public static final class Builder {
        private UnaryOperator<NDArray> classifier;
        private double sigma = 0.25;
        private int n0 = 100;
        private int n = 100_000;
        private double alpha = 0.001;
        private int batchSize = 1000;
        private long seed;

        /** The base classifier: logits {@code [N, K]} for inputs {@code [N, C, H, W]}. */
        public Builder setClassifier(UnaryOperator<NDArray> classifier) {
            this.classifier = classifier;
            return this;
        }

        /** A trained model as the base classifier (inference mode). */
        public Builder setClassifier(Learner learner) {
            return setClassifier(x -> learner.forward(new NDList(x), false).singletonOrThrow());
        }

        /** The noise's standard deviation, {@code > 0}; 0.25 by default. */
        public Builder optSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /** Samples for guessing the class, {@code >= 1}; 100 by default. */
        public Builder optN0(int n0) {
            this.n0 = n0;
            return this;
        }

        /** Samples for the bound, {@code >= n0}; 100 000 by default. */
        public Builder optN(int n) {
            this.n = n;
            return this;
        }

        /** The failure probability, in {@code (0, 1)}; 0.001 by default. */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Noisy samples per forward pass, {@code >= 1}; 1000 by default. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of the noise. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public RandomizedSmoothing build() {
            Checks.required("classifier", classifier);
            Checks.positive("sigma", sigma);
            Checks.atLeast("n0", n0, 1);
            if (n < n0) {
                throw new IllegalArgumentException("n must be >= n0 (" + n0 + "), was " + n);
            }
            Checks.inRange("alpha", alpha, 0, false, 1, false);
            Checks.atLeast("batchSize", batchSize, 1);
            return new RandomizedSmoothing(this);
        }
    }
}
