package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.stream.Stream;
import org.gentrain.testing.ReferenceVectors;
import org.gentrain.testing.ReferenceVectors.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Complement entropy and GCE against the shared reference vectors ({@code complement.json}), in
 * float64 (the cases' own tolerance) and float32 (1e-4 relative), plus their numerical safety
 * and their checks of the labels.
 */
class ComplementEntropyTest {

    static Stream<Arguments> cases() {
        List<Case> cases = ReferenceVectors.load("complement.json");
        assertEquals(6, cases.size(), "complement.json cases");
        return cases.stream()
                .flatMap(c -> Stream.of(Arguments.of(c, DataType.FLOAT64), Arguments.of(c, DataType.FLOAT32)));
    }

    static Loss lossOf(Case c) {
        if (c.name().startsWith("gce")) {
            return new GuidedComplementEntropy(
                    Double.parseDouble(c.param("alpha").orElseThrow()));
        }
        assertTrue(c.name().startsWith("complement_entropy"), c.name());
        return new ComplementEntropy();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void valueAndGradientMatchTheReferenceCode(Case c, DataType type) {
        double rtol = type == DataType.FLOAT64 ? c.rtol() : 1e-4;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = c.inputs().get("logits").toNDArray(manager, type);
            NDArray labels = manager.create(c.inputs().get("labels").asInts());
            logits.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                value = lossOf(c).evaluate(new NDList(labels), new NDList(logits));
                collector.backward(value);
            }
            assertEquals(type, value.getDataType());
            assertEquals(new Shape(), value.getShape());
            double expected = c.scalarOutput();
            assertEquals(
                    expected,
                    value.toType(DataType.FLOAT64, false).getDouble(),
                    rtol * Math.abs(expected),
                    c.name() + " value");
            double[] grad = logits.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] want = c.grads().get("logits").data();
            assertEquals(want.length, grad.length);
            // Elementwise relative error, with an absolute floor of rtol times the largest entry for
            // the entries that are ~1e-10 in float64 (zero up to rounding) and cannot be relative.
            double largest = 0;
            for (double w : want) {
                largest = Math.max(largest, Math.abs(w));
            }
            for (int i = 0; i < want.length; i++) {
                double tolerance = rtol * Math.abs(want[i]) + rtol * 1e-3 * largest;
                if (type == DataType.FLOAT32) {
                    tolerance = rtol * (Math.abs(want[i]) + largest);
                }
                assertEquals(want[i], grad[i], tolerance, c.name() + " gradient [" + i + "]");
            }
        }
    }

    static Stream<Loss> losses() {
        return Stream.of(new ComplementEntropy(), new GuidedComplementEntropy(), new GuidedComplementEntropy(0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void logitsOfMagnitude1e4InFloat32GiveFiniteValuesAndGradients(Loss loss) {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Row 0: the true class dominates (p_g = 1 exactly); row 1: a wrong class dominates;
            // row 2: two wrong classes tie far above the rest; row 3: all equal.
            NDArray logits = manager.create(
                    new float[] {
                        1e4f, -1e4f, 0f, 5e3f, -1e4f, 1e4f, -1e4f, 0f, 0f, 1e4f, 1e4f, -1e4f, 1e4f, 1e4f, 1e4f, 1e4f
                    },
                    new Shape(4, 4));
            NDArray labels = manager.create(new int[] {0, 2, 3, 1});
            logits.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                value = loss.evaluate(new NDList(labels), new NDList(logits));
                collector.backward(value);
            }
            assertTrue(Float.isFinite(value.getFloat()), "value " + value.getFloat());
            for (float g : logits.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + g);
            }
        }
    }

    @Test
    void trueClassWithProbabilityOneGivesZeroComplementEntropy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1e4f, 0f, -1e4f}, new Shape(1, 3));
            NDArray labels = manager.create(new int[] {0});
            assertEquals(0f, new ComplementEntropy().mean(logits, labels).getFloat(), 1e-6f);
            assertEquals(0f, new GuidedComplementEntropy().mean(logits, labels).getFloat(), 1e-6f);
        }
    }

    @Test
    void uniformWrongClassesGiveMinusLogOfTheirCountOverK() {
        // p_j = 1/K for all j: px_j = 1/(K-1), h = -log(K-1), C = -log(K-1)/K.
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(3, 5), DataType.FLOAT64);
            NDArray labels = manager.create(new int[] {0, 4, 2});
            double c = new ComplementEntropy().mean(logits, labels).getDouble();
            assertEquals(-Math.log(4) / 5, c, 1e-6);
            double gce = new GuidedComplementEntropy(0.2).mean(logits, labels).getDouble();
            assertEquals(Math.pow(0.2 + 1e-7, 0.2) * -Math.log(4) / Math.log(5), gce, 1e-6);
        }
    }

    @Test
    void perExampleTermsAverageToTheLoss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(6, 7));
            NDArray labels = manager.create(new int[] {0, 1, 6, 3, 3, 5});
            GuidedComplementEntropy gce = new GuidedComplementEntropy();
            NDArray terms = gce.perExample(logits, labels);
            assertEquals(new Shape(6), terms.getShape());
            assertEquals(terms.mean().getFloat(), gce.mean(logits, labels).getFloat(), 1e-6f);
            for (float t : terms.toFloatArray()) {
                assertTrue(t <= 0, "each term is minus an entropy, so <= 0: " + t);
            }
        }
    }

    @Test
    void labelAtOrAboveTheClassCountIsRejectedNamingBothShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(4, 5));
            NDArray labels = manager.create(new int[] {0, 5, 1, 2});
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new ComplementEntropy().mean(logits, labels));
            assertEquals(
                    "labels must be in [0, 5) for logits of shape (4, 5), labels of shape (4) hold 5", e.getMessage());
        }
    }

    @Test
    void negativeLabelIsRejectedNamingBothShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(2, 3));
            NDArray labels = manager.create(new int[] {-1, 2});
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> new GuidedComplementEntropy().mean(logits, labels));
            assertEquals(
                    "labels must be in [0, 3) for logits of shape (2, 3), labels of shape (2) hold -1", e.getMessage());
        }
    }

    @Test
    void labelsOfTheWrongShapeAreRejectedNamingBothShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(4, 5));
            NDArray column = manager.zeros(new Shape(4, 1), DataType.INT64);
            assertEquals(
                    "labels must have shape (4) to match logits of shape (4, 5), was (4, 1)",
                    assertThrows(IllegalArgumentException.class, () -> new ComplementEntropy().mean(logits, column))
                            .getMessage());
            NDArray tooFew = manager.zeros(new Shape(3), DataType.INT64);
            assertEquals(
                    "labels must have shape (4) to match logits of shape (4, 5), was (3)",
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> new GuidedComplementEntropy().mean(logits, tooFew))
                            .getMessage());
        }
    }

    @Test
    void logitsWithFewerThanTwoClassesAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(4, 1));
            NDArray labels = manager.zeros(new Shape(4), DataType.INT64);
            assertEquals(
                    "logits must have shape (N, K) with K >= 2 classes, was (4, 1) (labels (4))",
                    assertThrows(IllegalArgumentException.class, () -> new ComplementEntropy().mean(logits, labels))
                            .getMessage());
        }
    }

    @Test
    void negativeAlphaIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new GuidedComplementEntropy(-0.1));
        assertTrue(e.getMessage().startsWith("alpha must be in [0, "), e.getMessage());
        assertTrue(e.getMessage().endsWith("], was -0.1"), e.getMessage());
        assertFalse(Double.isNaN(new GuidedComplementEntropy().alpha()));
    }
}
