package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EpochResultTest {

    @Test
    void medianIsOverTheProtocolWindowOnly() {
        double[] millis = new double[60];
        for (int i = 0; i < 10; i++) {
            millis[i] = 1000; // warm-up steps, ignored
        }
        for (int i = 10; i < 60; i++) {
            millis[i] = i; // steps 11..60 hold 10..59
        }
        EpochResult result = new EpochResult(1, 60, 0, millis);
        assertEquals(34.5, result.medianStepMillis(11, 60), 1e-12);
        assertEquals(34.5, result.medianStepMillis(), 1e-12);
    }
}
