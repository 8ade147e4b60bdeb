package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adam against Kingma and Ba's Algorithm 1, computed here by hand in double precision. */
class AdamTest {

    private static final float LR = 0.01f, BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f, DECAY = 0.1f;

    @Test
    void twoStepsFollowTheBiasCorrectedUpdateWithL2WeightDecay() {
        OptimizerSettings settings = OptimizerSettings.adam(LR, BETA1, BETA2, EPS, DECAY);
        double[] w = {1.0, -2.0, 0.5};
        double[][] grads = {{0.5, 0.25, -1.0}, {-1.0, 1.0, 0.0}};
        double[] m = new double[3];
        double[] v = new double[3];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(w.clone());
            Adam adam = assertInstanceOf(Adam.class, settings.newOptimizer());
            for (int t = 1; t <= 2; t++) {
                adam.update("w", weight, manager.create(grads[t - 1]));
                for (int i = 0; i < 3; i++) {
                    double g = grads[t - 1][i] + DECAY * w[i];
                    m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                    v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(BETA1, t));
                    double vHat = v[i] / (1 - Math.pow(BETA2, t));
                    w[i] -= LR * mHat / (Math.sqrt(vHat) + EPS);
                }
                assertArrayEquals(w, weight.toDoubleArray(), 1e-6, "after step " + t);
            }
            assertEquals(2, adam.steps("w"));
            assertArrayEquals(m, adam.slots().get(Adam.FIRST_MOMENT).get("w").toDoubleArray(), 1e-6);
            assertArrayEquals(v, adam.slots().get(Adam.SECOND_MOMENT).get("w").toDoubleArray(), 1e-7);
        }
    }

    @Test
    void firstStepMovesEveryWeightByTheLearningRateAgainstItsGradientSign() {
        // With m = v = 0 and bias correction, the first step is lr * g / (|g| + eps) = lr * sign(g).
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new double[] {0.0, 0.0});
            OptimizerSettings.adam(0.5f).newOptimizer().update("w", weight, manager.create(new double[] {3.0, -1e-3}));
            assertArrayEquals(new double[] {-0.5, 0.5}, weight.toDoubleArray(), 1e-4);
        }
    }

    @Test
    void restoredStateContinuesExactly() {
        OptimizerSettings settings = OptimizerSettings.adam(0.05f);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new double[] {1.0, 2.0});
            NDArray b = manager.create(new double[] {1.0, 2.0});
            Adam first = (Adam) settings.newOptimizer();
            first.update("w", a, manager.create(new double[] {0.3, -0.7}));
            b.set(a.toDoubleArray());
            Adam copy = (Adam) settings.newOptimizer();
            copy.loadSlots(first.slots(), manager);
            assertEquals(1, copy.steps("w"));
            first.update("w", a, manager.create(new double[] {-0.2, 0.1}));
            copy.update("w", b, manager.create(new double[] {-0.2, 0.1}));
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
        }
    }

    @Test
    void unknownStateSlotIsRefusedByName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StatefulOptimizer adam = OptimizerSettings.adam(0.1f).newOptimizer();
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> adam.loadSlots(Map.of(MomentumSgd.VELOCITY, Map.of()), manager));
            assertEquals("adam has no state slot 'velocity' (only m, v, step)", e.getMessage());
        }
    }
}
