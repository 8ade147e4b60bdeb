package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class MomentumSgdTest {

    @Test
    void twoStepsFollowTorchSgdWithMomentumAndWeightDecay() {
        OptimizerSettings settings = new OptimizerSettings(0.1f, 0.9f, 0.01f);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new double[] {1.0, -2.0});
            MomentumSgd sgd = new MomentumSgd(settings);
            sgd.update("w", w, manager.create(new double[] {0.5, 0.25}));
            // g = grad + 0.01 w = (0.51, 0.23); v = g; w = w - 0.1 v
            double[] w1 = {1.0 - 0.1 * 0.51, -2.0 - 0.1 * 0.23};
            assertArrayEquals(w1, w.toDoubleArray(), 1e-7); // the settings are float32
            sgd.update("w", w, manager.create(new double[] {-1.0, 1.0}));
            double g0 = -1.0 + 0.01 * w1[0];
            double g1 = 1.0 + 0.01 * w1[1];
            double v0 = 0.9 * 0.51 + g0;
            double v1 = 0.9 * 0.23 + g1;
            assertArrayEquals(
                    new double[] {w1[0] - 0.1 * v0, w1[1] - 0.1 * v1},
                    w.toDoubleArray(),
                    1e-7); // the settings are float32
            assertEquals(1, sgd.state().size());
        }
    }

    @Test
    void eachOptimizerKeepsItsOwnState() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new double[] {1.0});
            MomentumSgd a = new MomentumSgd(OptimizerSettings.PROTOCOL);
            MomentumSgd b = new MomentumSgd(OptimizerSettings.PROTOCOL);
            a.update("w", w, manager.create(new double[] {1.0}));
            assertEquals(1, a.state().size());
            assertEquals(0, b.state().size());
        }
    }

    @Test
    void settingsRejectOutOfRangeValues() {
        assertEquals(
                "momentum must be in [0, 1), was 1",
                assertThrows(IllegalArgumentException.class, () -> new OptimizerSettings(0.1f, 1f, 0f))
                        .getMessage());
        assertEquals(
                "learningRate must be > 0, was 0",
                assertThrows(IllegalArgumentException.class, () -> new OptimizerSettings(0f, 0.9f, 0f))
                        .getMessage());
    }
}
