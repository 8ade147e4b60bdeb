package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.gentrain.testing.ReferenceVectors;
import org.gentrain.testing.ReferenceVectors.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OPT layers on their own: reference gradients through {@code W = Q W0}, shapes, initialisation. */
class OrthogonalLayerTest {

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "gram_schmidt_rows, FLOAT64", "gram_schmidt_rows, FLOAT32",
        "cayley, FLOAT64", "cayley, FLOAT32",
        "lowdin, FLOAT64", "lowdin, FLOAT32"
    })
    void layerWeightsAndGradientThroughWMatchReferenceVectors(String name, DataType type) {
        Case c = ReferenceVectors.load("orthogonal.json").stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow();
        long[] w0Shape = c.inputs().get("w0").shape();
        int d = (int) w0Shape[0];
        int n = (int) w0Shape[1];
        try (NDManager manager = NDManager.newBaseManager()) {
            OrthogonalLinear layer = OrthogonalLinear.of(n, orthogonalizer(name));
            layer.initialize(manager, type, new Shape(1, d));
            layer.rotation()
                    .getArray()
                    .set(c.inputs().get("r").toNDArray(manager, type).toByteBuffer());
            layer.fixedNeurons()
                    .getArray()
                    .set(c.inputs().get("w0").toNDArray(manager, type).toByteBuffer());
            NDArray cotangent = c.cotangents().get("w").toNDArray(manager, type);
            double[] w;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray weights = layer.neurons().transpose();
                w = weights.toType(DataType.FLOAT64, false).toDoubleArray();
                collector.backward(weights.mul(cotangent).sum());
            }
            double[] grad = layer.rotation()
                    .getArray()
                    .getGradient()
                    .toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            double rtol = type == DataType.FLOAT64 ? c.rtol() : 1e-4;
            assertClose(c.outputs().get("w").data(), w, rtol, "w");
            assertClose(c.grads().get("r_from_w").data(), grad, rtol, "grad of r");
        }
    }

    @Test
    void fixedNeuronsAreDrawnFromNormalWithVarianceTwoOverFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OrthogonalConv2d conv = OrthogonalConv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .setFilters(64)
                    .optPadding(new Shape(1, 1))
                    .setOrthogonalizer(new Cayley())
                    .build();
            conv.initialize(manager, DataType.FLOAT32, new Shape(2, 32, 7, 7));
            NDArray w0 = conv.fixedNeurons().getArray();
            assertEquals(new Shape(288, 64), w0.getShape());
            double std = Math.sqrt(w0.pow(2).mean().getFloat());
            assertEquals(Math.sqrt(2.0 / 288), std, 0.03 * Math.sqrt(2.0 / 288));
            assertFalse(conv.fixedNeurons().requiresGradient());
            assertTrue(conv.rotation().requiresGradient());
            assertEquals(new Shape(288, 288), conv.rotation().getArray().getShape());
        }
    }

    @Test
    void convolutionComputesThePlainConvolutionOfTheEffectiveKernel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OrthogonalConv2d conv = OrthogonalConv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .setFilters(4)
                    .optPadding(new Shape(1, 1))
                    .setOrthogonalizer(new Cayley())
                    .build();
            Shape input = new Shape(2, 3, 5, 5);
            conv.initialize(manager, DataType.FLOAT32, input);
            conv.bias().getArray().set(new float[] {0.1f, -0.2f, 0.3f, 0.4f});
            NDArray x = manager.randomNormal(input);
            NDArray y = conv.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            NDArray kernel = conv.neurons().reshape(4, 3, 3, 3);
            NDArray expected = Conv2d.conv2d(x, kernel, conv.bias().getArray(), new Shape(1, 1), new Shape(1, 1))
                    .singletonOrThrow();
            assertEquals(new Shape(2, 4, 5, 5), y.getShape());
            assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-6f);
            assertArrayEquals(
                    conv.getOutputShapes(new Shape[] {input})[0].getShape(),
                    y.getShape().getShape());
        }
    }

    @Test
    void effectiveNeuronsAreTheFixedNeuronsRotatedByQ() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OrthogonalLinear linear = OrthogonalLinear.of(5, new Cayley());
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, 6));
            NDArray expected =
                    linear.q().matMul(linear.fixedNeurons().getArray()).transpose();
            assertEquals(new Shape(5, 6), linear.neurons().getShape());
            assertArrayEquals(expected.toFloatArray(), linear.neurons().toFloatArray(), 1e-6f);
            assertTrue(Orthogonality.error(linear.q()) < 1e-5);
        }
    }

    @Test
    void groupedConvolutionIsRejected() {
        Conv2d grouped = Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .setFilters(4)
                .optGroups(2)
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OrthogonalConv2d.of(grouped, OrthogonalLayer.Kind.MAPPED, new Cayley(), 2));
        assertEquals("groups must be 1 for OPT, was 2", e.getMessage());
    }

    @Test
    void mappedLayerWithoutOrthogonalizerIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OrthogonalLinear.of(Linear.builder().setUnits(3).build(), OrthogonalLayer.Kind.MAPPED, null, 2));
        assertEquals("orthogonalizer must be given for kind MAPPED, was null", e.getMessage());
    }

    static Orthogonalizer orthogonalizer(String vectorCase) {
        return Orthogonalizers.of(vectorCase.equals("gram_schmidt_rows") ? "gs" : vectorCase);
    }

    static void assertClose(double[] expected, double[] actual, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rtol * Math.max(scale, 1e-12), what + "[" + i + "]");
        }
    }
}
