package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.gentrain.testing.ReferenceVectors;
import org.gentrain.testing.ReferenceVectors.Case;
import org.gentrain.testing.ReferenceVectors.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link Orthogonalizer} must do: reproduce its case of {@code orthogonal.json} (values,
 * gradients through {@code Q} and through {@code W = Q W0}) in float64 and float32, return an
 * orthogonal {@code Q} on random matrices, have gradients that agree with finite differences and
 * survive a garbage collection between forward and backward, and reject non-square input.
 */
abstract class OrthogonalizerContract {

    /** Float32 results are compared with this relative tolerance (of the largest expected entry). */
    static final double FLOAT32_RTOL = 1e-4;

    /** The method under test. */
    abstract Orthogonalizer orthogonalizer();

    /** The name of the method's case in {@code orthogonal.json}. */
    abstract String vectorCase();

    /** The map the vector case describes; by default {@code Q(R)}. */
    NDArray referenceMap(NDArray input) {
        return orthogonalizer().orthogonalize(input);
    }

    /** The largest orthogonality error accepted on random matrices. */
    double orthogonalityTolerance(DataType type) {
        return type == DataType.FLOAT64 ? 1e-5 : 1e-4;
    }

    enum Precision {
        FLOAT64(DataType.FLOAT64),
        FLOAT32(DataType.FLOAT32);

        final DataType type;

        Precision(DataType type) {
            this.type = type;
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void qMatchesReferenceVectors(Precision precision) {
        Case c = reference();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = referenceMap(input(c).toNDArray(manager, precision.type));
            assertEquals(precision.type, q.getDataType());
            assertClose(c.outputs().get("q"), q, tolerance(c, precision), "q");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void gradientThroughQMatchesReferenceVectors(Precision precision) {
        Case c = reference();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray cotangent = c.cotangents().get("q").toNDArray(manager, precision.type);
            double[] grad = gradient(this::referenceMap, input(c).toNDArray(manager, precision.type), cotangent, false);
            assertClose(c.grads().get(inputName(c) + "_from_q"), grad, tolerance(c, precision), "grad from q");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void gradientThroughNeuronsMatchesReferenceVectors(Precision precision) {
        Case c = reference();
        if (!c.inputs().containsKey("w0")) {
            return; // this method's case gives no neurons
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w0 = c.inputs().get("w0").toNDArray(manager, precision.type);
            NDArray cotangent = c.cotangents().get("w").toNDArray(manager, precision.type);
            NDArray r = input(c).toNDArray(manager, precision.type);
            assertClose(c.outputs().get("w"), referenceMap(r).matMul(w0), tolerance(c, precision), "w");
            double[] grad = gradient(x -> referenceMap(x).matMul(w0), r, cotangent, false);
            assertClose(c.grads().get("r_from_w"), grad, tolerance(c, precision), "grad from w");
        }
    }

    @ParameterizedTest
    @CsvSource({"3, FLOAT64", "16, FLOAT64", "64, FLOAT64", "3, FLOAT32", "16, FLOAT32", "64, FLOAT32"})
    void qIsOrthogonalOnRandomMatrices(int d, Precision precision) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = orthogonalizer().orthogonalize(randomMatrix(manager, d, 17 + d, precision.type));
            assertEquals(new Shape(d, d), q.getShape());
            double error = Orthogonality.error(q);
            assertTrue(
                    error < orthogonalityTolerance(precision.type),
                    orthogonalizer().name() + " d=" + d + " " + precision + ": max |QQ^T - I| = " + error);
        }
    }

    @Test
    void gradientAgreesWithFiniteDifferencesInFloat64() {
        int d = 5;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray r = randomMatrix(manager, d, 5, DataType.FLOAT64);
            NDArray cotangent = randomMatrix(manager, d, 6, DataType.FLOAT64);
            double[] analytic = gradient(orthogonalizer()::orthogonalize, r, cotangent, false);
            double[] base = r.toDoubleArray();
            double[] numeric = new double[base.length];
            double h = 1e-6;
            for (int i = 0; i < base.length; i++) {
                numeric[i] = (objective(manager, base, i, h, cotangent) - objective(manager, base, i, -h, cotangent))
                        / (2 * h);
            }
            assertArrayEquals(numeric, analytic, 1e-6 * (1 + maxAbs(numeric)));
        }
    }

    @Test
    void gradientSurvivesGarbageCollectionBetweenForwardAndBackward() {
        Case c = reference();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray cotangent = c.cotangents().get("q").toNDArray(manager, DataType.FLOAT32);
            double[] grad =
                    gradient(this::referenceMap, input(c).toNDArray(manager, DataType.FLOAT32), cotangent, true);
            assertClose(c.grads().get(inputName(c) + "_from_q"), grad, FLOAT32_RTOL, "grad after gc");
        }
    }

    @Test
    void rejectsNonSquareInputNamingItsShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray wide = manager.zeros(new Shape(3, 4));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> orthogonalizer().orthogonalize(wide));
            assertEquals("r must be a square matrix [d, d] with d >= 1, was (3, 4)", e.getMessage());
        }
    }

    private double objective(NDManager manager, double[] base, int index, double step, NDArray cotangent) {
        double[] shifted = base.clone();
        shifted[index] += step;
        int d = (int) Math.round(Math.sqrt(base.length));
        NDArray q = orthogonalizer().orthogonalize(manager.create(shifted, new Shape(d, d)));
        return q.mul(cotangent).sum().getDouble();
    }

    Case reference() {
        return ReferenceVectors.load("orthogonal.json").stream()
                .filter(c -> c.name().equals(vectorCase()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no case " + vectorCase() + " in orthogonal.json"));
    }

    static String inputName(Case c) {
        return c.inputs().containsKey("r") ? "r" : "vectors";
    }

    static Tensor input(Case c) {
        return c.inputs().get(inputName(c));
    }

    static double tolerance(Case c, Precision precision) {
        return precision == Precision.FLOAT64 ? c.rtol() : FLOAT32_RTOL;
    }

    /** The gradient of {@code sum(f(x) * cotangent)} with respect to {@code x}, optionally with a GC before backward. */
    static double[] gradient(UnaryOperator<NDArray> f, NDArray x, NDArray cotangent, boolean collectGarbage) {
        x.setRequiresGradient(true);
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            NDArray objective = f.apply(x).mul(cotangent).sum();
            if (collectGarbage) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    System.runFinalization();
                }
            }
            collector.backward(objective);
        }
        return x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** A matrix with independent standard normal entries from a seeded Java generator. */
    static NDArray randomMatrix(NDManager manager, int d, long seed, DataType type) {
        Random random = new Random(seed);
        double[] data = new double[d * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        return new Tensor(new long[] {d, d}, data).toNDArray(manager, type);
    }

    static void assertClose(Tensor expected, NDArray actual, double rtol, String what) {
        assertArrayEquals(expected.shape(), actual.getShape().getShape(), what + " shape");
        assertClose(expected, actual.toType(DataType.FLOAT64, false).toDoubleArray(), rtol, what);
    }

    /** Entry-wise {@code |actual - expected| <= rtol * max(1, max |expected|)}. */
    static void assertClose(Tensor expected, double[] actual, double rtol, String what) {
        assertArrayEquals(expected.data(), actual, rtol * Math.max(1, maxAbs(expected.data())), what);
    }

    static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
