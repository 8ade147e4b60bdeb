package org.gentrain.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The SmallCNN's pooling: the engine's 2 x 2 max-pool, values and gradients, in both of its paths. */
class MaxPool2x2Test {

    private static NDArray enginePool(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    @Test
    void withoutGradientsItGivesTheEnginesValuesForEvenAndOddSizes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(3);
            for (Shape shape : new Shape[] {new Shape(3, 4, 8, 6), new Shape(2, 3, 7, 5), new Shape(1, 1, 2, 3)}) {
                NDArray x = manager.randomNormal(shape);
                NDArray pooled = MaxPool2x2.apply(x);
                assertEquals(enginePool(x).getShape(), pooled.getShape(), "shape for " + shape);
                assertArrayEquals(enginePool(x).toFloatArray(), pooled.toFloatArray(), 0f, "values for " + shape);
            }
        }
    }

    @Test
    void tiesAndNegativeWindowsPoolToTheirMaximum() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-3, -1, 5, 5, -2, -4, 5, 0}, new Shape(1, 1, 2, 4));
            assertArrayEquals(new float[] {-1, 5}, MaxPool2x2.apply(x).toFloatArray());
        }
    }

    @Test
    void whileRecordingItGivesTheEnginesGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            NDArray x = manager.randomNormal(new Shape(2, 3, 6, 7));
            NDArray weights = manager.randomNormal(new Shape(2, 3, 3, 3));
            NDArray ours = gradient(x, weights, MaxPool2x2::apply);
            NDArray engine = gradient(x, weights, MaxPool2x2Test::enginePool);
            assertArrayEquals(engine.toFloatArray(), ours.toFloatArray(), 0f);
            assertTrue(ours.abs().sum().getFloat() > 0f, "some gradient flows");
        }
    }

    private static NDArray gradient(NDArray x, NDArray weights, java.util.function.Function<NDArray, NDArray> pool) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray pooled = pool.apply(input);
            assertTrue(pooled.hasGradient() || input.hasGradient(), "recorded");
            collector.backward(pooled.mul(weights).sum());
        }
        return input.getGradient().duplicate();
    }

    @Test
    void reluAfterThePoolComputesTheProtocolsReluThenPool() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            NDArray x = manager.randomNormal(new Shape(4, 8, 10, 10));
            NDArray protocol = enginePool(Activation.relu(x));
            NDArray ours = Activation.relu(MaxPool2x2.apply(x));
            assertArrayEquals(protocol.toFloatArray(), ours.toFloatArray(), 0f);
        }
    }

    @Test
    void smallCnnMapsImagesToTenLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = SmallCnn.create();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDArray logits = block.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomNormal(new Shape(5, 1, 28, 28))),
                            false)
                    .singletonOrThrow();
            assertEquals(new Shape(5, 10), logits.getShape());
            assertFalse(logits.isNaN().any().getBoolean());
        }
    }

    @Test
    void rejectsInputThatIsNotAnImageBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> MaxPool2x2.apply(manager.zeros(new Shape(4, 9))));
            assertTrue(e.getMessage().contains("(4, 9)"), e.getMessage());
        }
    }
}
