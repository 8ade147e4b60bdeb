package org.gentrain.maxup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.gentrain.testing.ReferenceVectors;
import org.gentrain.testing.ReferenceVectors.Case;
import org.gentrain.train.CrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MaxUpLoss against shared/vectors/maxup.json and against plain cross-entropy. */
class MaxUpLossTest {

    enum Precision {
        FLOAT64(DataType.FLOAT64, 1e-9),
        FLOAT32(DataType.FLOAT32, 1e-4);

        final DataType type;
        final double rtol;

        Precision(DataType type, double rtol) {
            this.type = type;
            this.rtol = rtol;
        }
    }

    private static void assertClose(double[] expected, double[] actual, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = rtol * Math.max(1e-3, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }

    private static double[] toDoubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void valueAndGradientMatchTheReferenceVectors(Precision precision) {
        List<Case> cases = ReferenceVectors.load("maxup.json");
        for (Case c : cases) {
            int copies = Integer.parseInt(c.param("copies").orElseThrow());
            try (NDManager manager = NDManager.newBaseManager()) {
                long[] shape = c.inputs().get("logits").shape();
                NDArray logits = c.inputs()
                        .get("logits")
                        .toNDArray(manager, precision.type)
                        .reshape(shape[0] * shape[1], shape[2]);
                logits.setRequiresGradient(true);
                NDArray labels = manager.create(c.inputs().get("labels").asInts());
                NDArray loss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    loss = new MaxUpLoss(copies).evaluate(new NDList(labels), new NDList(logits));
                    collector.backward(loss);
                }
                assertEquals(
                        c.scalarOutput(),
                        loss.toType(DataType.FLOAT64, false).getDouble(),
                        precision.rtol * Math.abs(c.scalarOutput()),
                        c.name() + " value");
                assertClose(
                        c.grads().get("logits").data(),
                        toDoubles(logits.getGradient()),
                        precision.rtol,
                        c.name() + " gradient");
            }
        }
    }

    @Test
    void worstCopyAndPerCopyLossesMatchTheReferenceVectors() {
        Case c = ReferenceVectors.load("maxup.json").get(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] shape = c.inputs().get("logits").shape();
            NDArray logits = c.inputs()
                    .get("logits")
                    .toNDArray(manager, DataType.FLOAT64)
                    .reshape(shape[0] * shape[1], shape[2]);
            NDArray labels = manager.create(c.inputs().get("labels").asInts()).tile((int) shape[0]);
            NDArray perCopy = CrossEntropy.perExample(logits, labels);
            assertClose(extra("per_copy_loss"), perCopy.toDoubleArray(), 1e-9, "per-copy loss");
            long[] worst = MaxUpLoss.worstCopy(perCopy, (int) shape[0]).toLongArray();
            double[] expected = extra("worst_copy");
            long[] expectedLongs = new long[expected.length];
            for (int i = 0; i < expected.length; i++) {
                expectedLongs[i] = (long) expected[i];
            }
            assertArrayEquals(expectedLongs, worst);
        }
    }

    /** A field of the first case that the shared loader does not read, such as {@code worst_copy}. */
    private static double[] extra(String field) {
        try (java.io.Reader reader =
                java.nio.file.Files.newBufferedReader(ReferenceVectors.folder().resolve("maxup.json"))) {
            com.google.gson.JsonObject c = com.google.gson.JsonParser.parseReader(reader)
                    .getAsJsonObject()
                    .getAsJsonArray("cases")
                    .get(0)
                    .getAsJsonObject();
            com.google.gson.JsonArray data = c.getAsJsonObject(field).getAsJsonArray("data");
            double[] values = new double[data.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.get(i).getAsDouble();
            }
            return values;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void oneCopyIsPlainCrossEntropyInValueAndGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new ai.djl.ndarray.types.Shape(6, 5), DataType.FLOAT64);
            NDArray labels = manager.create(new int[] {0, 1, 2, 3, 4, 0});
            NDArray a = logits.duplicate();
            NDArray b = logits.duplicate();
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            NDArray maxUp;
            NDArray plain;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                maxUp = new MaxUpLoss(1).evaluate(new NDList(labels), new NDList(a));
                collector.backward(maxUp);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                plain = CrossEntropy.mean(b, labels);
                collector.backward(plain);
            }
            assertEquals(plain.getDouble(), maxUp.getDouble(), 0);
            assertArrayEquals(b.getGradient().toDoubleArray(), a.getGradient().toDoubleArray(), 0);
        }
    }

    @Test
    void anyPerExampleLossCanBeMaximised() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new ai.djl.ndarray.types.Shape(8, 3), DataType.FLOAT64);
            NDArray labels = manager.create(new int[] {0, 1, 2, 0});
            PerExampleLoss doubled = (z, y) -> CrossEntropy.perExample(z, y).mul(manager.create(2.0));
            double plain = new MaxUpLoss(2)
                    .evaluate(new NDList(labels), new NDList(logits))
                    .getDouble();
            double twice = new MaxUpLoss(2, doubled)
                    .evaluate(new NDList(labels), new NDList(logits))
                    .getDouble();
            assertEquals(2 * plain, twice, 1e-12);
        }
    }

    @Test
    void djlLossThatReducesToTheBatchMeanIsRejectedWithItsName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PerExampleLoss djl = PerExampleLoss.of(ai.djl.training.loss.Loss.softmaxCrossEntropyLoss());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> djl.perExample(
                            manager.zeros(new ai.djl.ndarray.types.Shape(4, 3)),
                            manager.create(new int[] {0, 1, 2, 0})));
            assertEquals(
                    "loss SoftmaxCrossEntropyLoss must give one value per example, shape [4], gave ()", e.getMessage());
        }
    }

    @Test
    void copiesBelowOneAreRejectedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxUpLoss(0));
        assertEquals("copies must be >= 1, was 0", e.getMessage());
    }
}
