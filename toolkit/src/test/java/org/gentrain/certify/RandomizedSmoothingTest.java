package org.gentrain.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * Certification against statistics computed independently: SciPy's {@code beta.ppf}, {@code
 * norm.ppf} and {@code binomtest} (figures below), the defining property of the Clopper-Pearson
 * bound, and closed forms.
 */
class RandomizedSmoothingTest {

    /** Class 1 when the first pixel is positive, else class 0: P(class 1) = Phi(x0 / sigma). */
    private static final UnaryOperator<NDArray> SIGN_OF_FIRST_PIXEL = x -> {
        NDArray pixel = x.reshape(x.getShape().get(0), -1).get(":, 0");
        return NDArrays.stack(new NDList(pixel.neg(), pixel), 1);
    };

    private static RandomizedSmoothing.Builder smoothing(UnaryOperator<NDArray> classifier) {
        return RandomizedSmoothing.builder()
                .setClassifier(classifier)
                .optSigma(0.25)
                .optN0(100)
                .optN(1000)
                .optAlpha(0.001)
                .optBatchSize(500)
                .optSeed(5);
    }

    private static NDArray image(NDManager manager, float firstPixel) {
        NDArray image = manager.zeros(new Shape(1, 4, 4));
        image.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0"), firstPixel);
        return image;
    }

    @Test
    void lowerBoundMatchesScipyBetaQuantiles() {
        // scipy.stats.beta.ppf(0.001, k, n - k + 1)
        assertEquals(0.9760361871553114, RandomizedSmoothing.lowerConfidenceBound(990, 1000, 0.001), 1e-10);
        assertEquals(0.5510754739370525, RandomizedSmoothing.lowerConfidenceBound(600, 1000, 0.001), 1e-10);
        assertEquals(0.4706744673534513, RandomizedSmoothing.lowerConfidenceBound(520, 1000, 0.001), 1e-10);
        assertEquals(0.9704869503929601, RandomizedSmoothing.lowerConfidenceBound(100, 100, 0.05), 1e-10);
        assertEquals(0, RandomizedSmoothing.lowerConfidenceBound(0, 1000, 0.001), 0);
    }

    @Test
    void lowerBoundIsWhereSeeingKOrMoreSuccessesHasProbabilityAlpha() {
        for (int k : new int[] {300, 600, 990}) {
            double p = RandomizedSmoothing.lowerConfidenceBound(k, 1000, 0.001);
            double tail = 1 - new BinomialDistribution(null, 1000, p).cumulativeProbability(k - 1);
            assertEquals(0.001, tail, 1e-8, "k = " + k);
        }
    }

    @Test
    void allSamplesAgreeingGivesTheClosedFormBound() {
        assertEquals(
                Math.pow(0.001, 1.0 / 100000), RandomizedSmoothing.lowerConfidenceBound(100000, 100000, 0.001), 1e-12);
        // 0.5 * scipy.stats.norm.ppf(0.9999309248330094)
        assertEquals(1.9057282816949572, RandomizedSmoothing.radius(0.5, 0.9999309248330094), 1e-9);
        assertEquals(0.9890047910705997, RandomizedSmoothing.radius(0.5, 0.9760361871553114), 1e-10);
    }

    @Test
    void constantClassifierIsCertifiedWithTheRadiusOfUnanimousCounts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> always2 = x -> x.getManager()
                    .create(new float[] {0, 0, 5, 0})
                    .reshape(1, 4)
                    .repeat(0, x.getShape().get(0));
            Certificate certificate = smoothing(always2).build().certify(image(manager, 0));
            assertEquals(2, certificate.predictedClass());
            assertEquals(1000, certificate.countA());
            double pLower = Math.pow(0.001, 1.0 / 1000);
            assertEquals(pLower, certificate.pALower(), 1e-12);
            assertEquals(
                    0.25
                            * new org.apache.commons.math3.distribution.NormalDistribution()
                                    .inverseCumulativeProbability(pLower),
                    certificate.radius(),
                    1e-12);
        }
    }

    @Test
    void countsFollowTheNoiseAndTheCertificateUsesThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RandomizedSmoothing smoothing =
                    smoothing(SIGN_OF_FIRST_PIXEL).optN(20000).build();
            Certificate certificate = smoothing.certify(image(manager, 0.25f));
            // P(class 1) = Phi(0.25 / 0.25) = 0.8413447460685429 (scipy.stats.norm.cdf(1))
            double share = (double) certificate.countA() / 20000;
            assertEquals(0.8413447460685429, share, 4 * Math.sqrt(0.84 * 0.16 / 20000));
            assertEquals(1, certificate.predictedClass());
            assertEquals(
                    RandomizedSmoothing.lowerConfidenceBound(certificate.countA(), 20000, 0.001),
                    certificate.pALower(),
                    0);
            assertTrue(certificate.pALower() < share);
            assertEquals(RandomizedSmoothing.radius(0.25, certificate.pALower()), certificate.radius(), 0);
            assertTrue(certificate.radius() < 0.25 && certificate.radius() > 0.2, "radius " + certificate.radius());
        }
    }

    @Test
    void abstainsWhenTheBoundIsAtMostOneHalf() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RandomizedSmoothing smoothing = smoothing(SIGN_OF_FIRST_PIXEL).build();
            Certificate certificate = smoothing.certify(image(manager, 0));
            assertTrue(certificate.abstained());
            assertTrue(certificate.pALower() <= 0.5);
            assertEquals(0, certificate.radius(), 0);
            assertEquals(Certificate.ABSTAIN, smoothing.predict(image(manager, 0)));
        }
    }

    @Test
    void predictReturnsTheClassWhenTheBinomialTestSeparatesIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(1, smoothing(SIGN_OF_FIRST_PIXEL).build().predict(image(manager, 0.25f)));
            assertEquals(0, smoothing(SIGN_OF_FIRST_PIXEL).build().predict(image(manager, -0.25f)));
        }
    }

    @Test
    void sameSeedGivesTheSameCounts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] a = smoothing(SIGN_OF_FIRST_PIXEL).build().sampleCounts(image(manager, 0.1f), 1000);
            long[] b = smoothing(SIGN_OF_FIRST_PIXEL).build().sampleCounts(image(manager, 0.1f), 1000);
            assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
            assertEquals(1000, a[0] + a[1]);
        }
    }

    @Test
    void certifiedAccuracyCountsCorrectClassesWithLargeEnoughRadius() {
        List<Certificate> certificates = List.of(
                new Certificate(1, 0.6, 0.99, 990, 1000),
                new Certificate(0, 0.2, 0.8, 800, 1000),
                new Certificate(Certificate.ABSTAIN, 0, 0.4, 400, 1000),
                new Certificate(2, 0.9, 0.99, 990, 1000));
        long[] labels = {1, 0, 0, 1};
        assertEquals(0.5, RandomizedSmoothing.certifiedAccuracy(certificates, labels, 0), 0);
        assertEquals(0.25, RandomizedSmoothing.certifiedAccuracy(certificates, labels, 0.5), 0);
        assertEquals(0, RandomizedSmoothing.certifiedAccuracy(certificates, labels, 0.7), 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = NDArrays.stack(new NDList(image(manager, 0.5f), image(manager, -0.5f), image(manager, 0)));
            NDArray truth = manager.create(new int[] {1, 0, 1});
            assertEquals(2.0 / 3, smoothing(SIGN_OF_FIRST_PIXEL).build().certifiedAccuracy(images, truth, 0.1), 1e-12);
        }
    }

    @Test
    void badSettingsAreRejectedWithTheirNameAndRange() {
        assertEquals(
                "sigma must be > 0, was -0.5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> smoothing(SIGN_OF_FIRST_PIXEL)
                                        .optSigma(-0.5)
                                        .build())
                        .getMessage());
        assertEquals(
                "alpha must be in (0, 1), was 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> smoothing(SIGN_OF_FIRST_PIXEL).optAlpha(1).build())
                        .getMessage());
        assertEquals(
                "alpha must be in (0, 1), was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> smoothing(SIGN_OF_FIRST_PIXEL).optAlpha(0).build())
                        .getMessage());
        assertEquals(
                "n must be >= n0 (100), was 50",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> smoothing(SIGN_OF_FIRST_PIXEL).optN(50).build())
                        .getMessage());
        assertEquals(
                "classifier must be set",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RandomizedSmoothing.builder().build())
                        .getMessage());
    }
}
