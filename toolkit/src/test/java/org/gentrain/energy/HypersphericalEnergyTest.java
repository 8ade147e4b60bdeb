package org.gentrain.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gentrain.testing.ReferenceVectors;
import org.gentrain.testing.ReferenceVectors.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HypersphericalEnergyTest {

    static Stream<Arguments> referenceCases() {
        return Stream.concat(ReferenceVectors.load("mhe.json").stream(), ReferenceVectors.load("comhe.json").stream())
                .flatMap(c -> Stream.of(Arguments.of(c, DataType.FLOAT64), Arguments.of(c, DataType.FLOAT32)));
    }

    /** The energy of a case's weights (and projections, for CoMHE) and its gradient. */
    private static double[][] energyAndGradient(NDManager manager, Case c, DataType type) {
        HypersphericalEnergy energy = HypersphericalEnergy.builder()
                .optPower(c.param("power").orElseThrow())
                .optHalfSpace(Boolean.parseBoolean(c.param("halfSpace").orElseThrow()))
                .build();
        NDArray weights = c.inputs().get("weights").toNDArray(manager, type);
        weights.setRequiresGradient(true);
        List<ReferenceVectors.Tensor> projections = c.inputList("projections");
        NDArray value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            if (projections.isEmpty()) {
                value = energy.energy(weights);
            } else {
                NDList stacked = new NDList();
                projections.forEach(p -> stacked.add(p.toNDArray(manager, type)));
                value = energy.energy(weights, NDArrays.stack(stacked));
            }
            collector.backward(value);
        }
        return new double[][] {
            {value.toType(DataType.FLOAT64, false).getDouble()},
            weights.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("referenceCases")
    void valueAndGradientMatchTheReferenceVectors(Case c, DataType type) {
        double rtol = type == DataType.FLOAT64 ? c.rtol() : 1e-4;
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] result = energyAndGradient(manager, c, type);
            double expected = c.scalarOutput();
            assertEquals(expected, result[0][0], rtol * Math.abs(expected), c.name() + " value");
            double[] grad = c.grads().get("weights").data();
            double scale = 0;
            for (double g : grad) {
                scale = Math.max(scale, Math.abs(g));
            }
            // float64: relative to each entry (floored at 1% of the largest, for entries near 0);
            // float32: relative to the largest entry, since its rounding is absolute in size
            double floor = type == DataType.FLOAT64 ? 1e-2 * scale : scale;
            for (int i = 0; i < grad.length; i++) {
                assertEquals(
                        grad[i], result[1][i], rtol * Math.max(Math.abs(grad[i]), floor), c.name() + " gradient " + i);
            }
        }
    }

    static Stream<Arguments> powersAndHalfSpace() {
        return Stream.of(EnergyPower.values()).flatMap(p -> Stream.of(Arguments.of(p, false), Arguments.of(p, true)));
    }

    @ParameterizedTest(name = "power {0}, half-space {1}")
    @MethodSource("powersAndHalfSpace")
    void gradientMatchesCentralDifferencesOnRandomShapes(EnergyPower power, boolean halfSpace) {
        SplittableRandom random = new SplittableRandom(power.ordinal() * 2L + (halfSpace ? 1 : 0));
        HypersphericalEnergy energy = HypersphericalEnergy.builder()
                .optPower(power)
                .optHalfSpace(halfSpace)
                .build();
        long[][] shapes = {{5, 3}, {7, 2, 2, 2}, {3, 11}};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (long[] shape : shapes) {
                Shape s = new Shape(shape);
                double[] data = random.doubles(s.size(), -1, 1).toArray();
                NDArray w = manager.create(data, s);
                w.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(energy.energy(w));
                }
                double[] analytic = w.getGradient().toDoubleArray();
                double h = 1e-6;
                for (int i = 0; i < data.length; i++) {
                    double[] plus = data.clone();
                    double[] minus = data.clone();
                    plus[i] += h;
                    minus[i] -= h;
                    double numeric = (energy.energy(manager.create(plus, s)).getDouble()
                                    - energy.energy(manager.create(minus, s)).getDouble())
                            / (2 * h);
                    assertEquals(
                            numeric, analytic[i], 1e-5 * Math.max(1, Math.abs(numeric)), "shape " + s + " entry " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "power {0}, half-space {1}")
    @MethodSource("powersAndHalfSpace")
    void gradientDescentOnTheEnergyAloneLowersIt(EnergyPower power, boolean halfSpace) {
        HypersphericalEnergy energy = HypersphericalEnergy.builder()
                .optPower(power)
                .optHalfSpace(halfSpace)
                .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray w = manager.randomNormal(new Shape(16, 5));
            w.setRequiresGradient(true);
            double first = energy.energy(w).getFloat();
            double last = first;
            for (int step = 0; step < 30; step++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(energy.energy(w));
                }
                NDArray g = w.getGradient();
                w.subi(g.div(g.norm().add(1e-12)).mul(0.1)); // normalised steps of 0.1
                g.subi(g);
                last = energy.energy(w).getFloat();
            }
            assertTrue(last < first - 1e-3 * Math.abs(first), power + " " + halfSpace + ": " + first + " -> " + last);
        }
    }

    @ParameterizedTest(name = "power {0}, half-space {1}")
    @MethodSource("powersAndHalfSpace")
    void aNeuronOfZeroNormGivesFiniteValueAndGradient(EnergyPower power, boolean halfSpace) {
        HypersphericalEnergy energy = HypersphericalEnergy.builder()
                .optPower(power)
                .optHalfSpace(halfSpace)
                .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {0, 0, 0, 1, 2, 0, -1, 0, 3, 0, 0, 0}, new Shape(4, 3));
            w.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                value = energy.energy(w);
                collector.backward(value);
            }
            assertTrue(Float.isFinite(value.getFloat()), "value " + value.getFloat());
            for (float g : w.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + g);
            }
        }
    }

    @Test
    void convolutionFiltersAreFlattenedToNeurons() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray conv = manager.arange(24f).reshape(2, 3, 2, 2).sin();
            HypersphericalEnergy energy = HypersphericalEnergy.builder().build();
            assertEquals(
                    energy.energy(conv.reshape(2, 12)).getFloat(),
                    energy.energy(conv).getFloat(),
                    0f);
        }
    }

    @Test
    void badParametersAreRejectedWithTheirRange() {
        assertEquals(
                "power must be one of 0, 1, 2, a0, a1, a2, was 'a3'",
                assertThrows(IllegalArgumentException.class, () -> EnergyPower.parse("a3"))
                        .getMessage());
        assertEquals(
                "dims (k) must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RandomProjections.builder().optDims(0).build())
                        .getMessage());
        assertEquals(
                "projections must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RandomProjections.builder()
                                        .optProjections(0)
                                        .build())
                        .getMessage());
        assertEquals(
                "lambda must be >= 0, was -0.1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> EnergyRegularizer.builder()
                                        .optLambda(-0.1)
                                        .build())
                        .getMessage());
        assertEquals(
                "projections must be >= 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> new AnglePreservingProjection(30, 0, 1, 0.01))
                        .getMessage());
        assertEquals(
                "dims (k) must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new AdversarialProjection(
                                        0,
                                        5,
                                        3,
                                        0.01,
                                        HypersphericalEnergy.builder().build()))
                        .getMessage());
    }
}
