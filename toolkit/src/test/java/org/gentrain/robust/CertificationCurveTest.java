package org.gentrain.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gentrain.certify.Certificate;
import org.gentrain.certify.RandomizedSmoothing;
import org.gentrain.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.knowm.xchart.XYChart;

/** Certified accuracy, average certified radius and abstention rate against hand computations. */
class CertificationCurveTest {

    private static final long[] LABELS = {0, 1, 2, 1, 2};

    /**
     * Five certificates: correct at radius 0.6, correct at 0.3, abstained, wrong (class 0 for label
     * 1) at 0.9, correct at 0.1.
     */
    private static List<Certificate> certificates() {
        return List.of(
                new Certificate(0, 0.6, 0.99, 990, 1000),
                new Certificate(1, 0.3, 0.89, 900, 1000),
                new Certificate(Certificate.ABSTAIN, 0, 0.4, 420, 1000),
                new Certificate(0, 0.9, 0.999, 999, 1000),
                new Certificate(2, 0.1, 0.66, 680, 1000));
    }

    @Test
    void certifiedAccuracyCountsCorrectCertificatesWithAtLeastTheRadius() {
        CertificationCurve curve = CertificationCurve.of(certificates(), LABELS, 0, 0.25, 0.5, 1.0);
        // radius 0: examples 0, 1, 4; 0.25: 0, 1; 0.5: 0; 1.0: none.
        assertArrayEquals(new double[] {0.6, 0.4, 0.2, 0.0}, curve.certifiedAccuracy(), 1e-12);
        assertEquals(0.4, curve.certifiedAccuracy(0.25), 1e-12);
        assertEquals(5, curve.examples());
    }

    @Test
    void averageCertifiedRadiusCountsZeroForWrongAndAbstainedExamples() {
        CertificationCurve curve = CertificationCurve.of(certificates(), LABELS, 0);
        assertEquals((0.6 + 0.3 + 0.1) / 5, curve.averageRadius(), 1e-12);
        assertEquals(1.0 / 5, curve.abstentionRate(), 1e-12);
    }

    /** Class 1 when the first pixel is positive, else class 0. */
    private static final UnaryOperator<NDArray> SIGN_OF_FIRST_PIXEL = x -> {
        NDArray pixel = x.reshape(x.getShape().get(0), -1).get(":, 0");
        return NDArrays.stack(new NDList(pixel.neg(), pixel), 1);
    };

    @Test
    void certifyingATestSetGivesTheCurveOfItsCertificates() {
        float[] firstPixels = {0.5f, -0.4f, 0.02f, -0.3f, 0.6f, 0.01f};
        int[] labels = {1, 0, 1, 1, 1, 0};
        float[] pixels = new float[firstPixels.length * 4];
        for (int i = 0; i < firstPixels.length; i++) {
            pixels[4 * i] = firstPixels[i];
        }
        ImageSet test = new ImageSet(pixels, labels, 1, 2, 2, 2, "first pixels");
        double[] radii = {0, 0.25, 0.5};
        try (NDManager manager = NDManager.newBaseManager()) {
            CertificationCurve curve = CertificationCurve.certify(smoothing(), test, manager, radii);
            RandomizedSmoothing again = smoothing();
            List<Certificate> byHand = new ArrayList<>();
            long[] longLabels = new long[labels.length];
            for (int i = 0; i < labels.length; i++) {
                byHand.add(again.certify(manager.create(test.image(i), new Shape(1, 2, 2))));
                longLabels[i] = labels[i];
            }
            CertificationCurve expected = CertificationCurve.of(byHand, longLabels, radii);
            assertArrayEquals(expected.certifiedAccuracy(), curve.certifiedAccuracy(), 0);
            assertEquals(expected.averageRadius(), curve.averageRadius(), 0);
            assertEquals(expected.abstentionRate(), curve.abstentionRate(), 0);
            // Images 0 and 4 sit 2 and 2.4 sigma on the right side; image 3 on the wrong side.
            assertTrue(curve.certifiedAccuracy(0) >= 2.0 / 6, curve.toString());
            assertTrue(curve.averageRadius() > 0, curve.toString());
        }
    }

    @Test
    void certifyingInPixelsMapsEachStoredImageToPixelsFirst() {
        PixelSpace space = PixelSpace.of(PixelImages.NORMALIZATION);
        float[] firstPixels = {0.9f, 0.2f, 0.52f, 0.7f, 0.45f};
        int[] labels = {1, 0, 1, 0, 0};
        float[] stored = new float[firstPixels.length * 4];
        for (int i = 0; i < firstPixels.length; i++) {
            for (int j = 0; j < 4; j++) {
                stored[4 * i + j] = ((j == 0 ? firstPixels[i] : 0.3f) - 0.3f) / 0.4f;
            }
        }
        ImageSet test = new ImageSet(stored, labels, 1, 2, 2, 2, "first pixels");
        // Class 1 when the first pixel is brighter than 0.5.
        UnaryOperator<NDArray> halfway = x -> SIGN_OF_FIRST_PIXEL.apply(x.sub(0.5f));
        double[] radii = {0, 0.1, 0.3};
        try (NDManager manager = NDManager.newBaseManager()) {
            CertificationCurve curve =
                    CertificationCurve.certifyPixels(smoothing(halfway), test, manager, space, radii);
            RandomizedSmoothing again = smoothing(halfway);
            List<Certificate> byHand = new ArrayList<>();
            long[] longLabels = new long[labels.length];
            for (int i = 0; i < labels.length; i++) {
                float[] pixels = test.image(i);
                for (int j = 0; j < 4; j++) {
                    pixels[j] = pixels[j] * 0.4f + 0.3f;
                }
                byHand.add(again.certify(manager.create(pixels, new Shape(1, 2, 2))));
                longLabels[i] = labels[i];
            }
            CertificationCurve expected = CertificationCurve.of(byHand, longLabels, radii);
            assertArrayEquals(expected.certifiedAccuracy(), curve.certifiedAccuracy(), 0);
            assertEquals(expected.averageRadius(), curve.averageRadius(), 1e-12);
            // Images 0 (0.4 above the threshold, 1.6 sigma) and 1 (1.2 sigma below) are certified.
            assertTrue(curve.certifiedAccuracy(0) >= 2.0 / 5, curve.toString());
        }
    }

    private static RandomizedSmoothing smoothing(UnaryOperator<NDArray> classifier) {
        return RandomizedSmoothing.builder()
                .setClassifier(classifier)
                .optSigma(0.25)
                .optN0(50)
                .optN(2000)
                .optBatchSize(1000)
                .optSeed(8)
                .build();
    }

    private static RandomizedSmoothing smoothing() {
        return RandomizedSmoothing.builder()
                .setClassifier(SIGN_OF_FIRST_PIXEL)
                .optSigma(0.25)
                .optN0(50)
                .optN(2000)
                .optBatchSize(1000)
                .optSeed(8)
                .build();
    }

    @Test
    void chartDrawsOneLinePerArmInPercent() {
        Map<String, CertificationCurve> curves = new LinkedHashMap<>();
        curves.put("gauss-aug", CertificationCurve.of(certificates(), LABELS, 0, 0.25, 0.5));
        curves.put("maxup-gauss", CertificationCurve.of(certificates().subList(0, 2), new long[] {0, 1}, 0, 0.25, 0.5));
        XYChart chart = CertificationCurve.chart(curves);
        assertEquals(
                List.of("gauss-aug", "maxup-gauss"),
                List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(
                new double[] {60, 40, 20}, chart.getSeriesMap().get("gauss-aug").getYData(), 1e-9);
        assertArrayEquals(
                new double[] {100, 100, 50},
                chart.getSeriesMap().get("maxup-gauss").getYData(),
                1e-9);
        assertArrayEquals(
                new double[] {0, 0.25, 0.5},
                chart.getSeriesMap().get("gauss-aug").getXData(),
                0);
    }

    private static void assertOneLineError(String expectedPart, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badRadiiAndMismatchedLabelsAreOneLineErrors() {
        assertOneLineError(
                "radius must be >= 0, was -0.5", () -> CertificationCurve.of(certificates(), LABELS, 0, -0.5));
        assertOneLineError(
                "radius must be >= 0, was NaN", () -> CertificationCurve.of(certificates(), LABELS, Double.NaN));
        assertOneLineError(
                "radius must be finite", () -> CertificationCurve.of(certificates(), LABELS, Double.POSITIVE_INFINITY));
        assertOneLineError("radii must name at least one radius", () -> CertificationCurve.of(certificates(), LABELS));
        assertOneLineError(
                "labels must match the certificates: 2 labels for 5 certificates",
                () -> CertificationCurve.of(certificates(), new long[] {0, 1}, 0));
        assertOneLineError(
                "radius must be one of [0.0, 0.5], was 0.25",
                () -> CertificationCurve.of(certificates(), LABELS, 0, 0.5).certifiedAccuracy(0.25));
    }
}
