package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

/** The timing logic that keeps the first arm of a run from absorbing the process's warm-up. */
class StepTimingTest {

    @Test
    void stepsThatStillGetFasterAreNotSteady() {
        // A warming process: each step about 8% faster than the one before.
        double[] warming = new double[12];
        for (int i = 0; i < warming.length; i++) {
            warming[i] = 100 * Math.pow(0.92, i);
        }
        assertFalse(StepTiming.isSteady(warming, warming.length));
    }

    @Test
    void stepsThatOnlyJitterAreSteady() {
        double[] steady = {100, 90, 80, 52, 49, 51, 50, 48, 52, 50, 49, 51};
        assertTrue(StepTiming.isSteady(steady, steady.length));
        assertFalse(StepTiming.isSteady(steady, 7), "fewer steps than the window");
    }

    @Test
    void theFirstArmsWarmUpBiasIsLeftOutOfItsStepTime() {
        // Epoch 1 of the first arm of a process: ten slow warm-up steps, then the real pace.
        double[] first = new double[40];
        java.util.Arrays.fill(first, 50);
        for (int i = 0; i < StepTiming.WARMUP_STEPS; i++) {
            first[i] = 400 - 30 * i;
        }
        double[] second = new double[40];
        java.util.Arrays.fill(second, 50);
        double ratio = StepTiming.median(new EpochResult(1, 40, 0, second))
                / StepTiming.median(new EpochResult(1, 40, 0, first));
        assertEquals(1.0, ratio, 1e-12);
    }

    @Test
    void warmUpTrainsUntilSteadyWithinItsBounds() {
        ImageSet data = SyntheticImages.squares(64, 28, 10, 1);
        int steps = StepTiming.warmUp(Mlp::create, Recipe.erm(), data, 16, Device.cpu(), 10, 40);
        assertTrue(steps >= 10 && steps <= 40, "steps " + steps);
        assertEquals(5, StepTiming.warmUp(Mlp::create, Recipe.erm(), data, 16, Device.cpu(), 5, 5));
    }
}
