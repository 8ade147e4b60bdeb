package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code gentrain train --regularize mhe|comhe-rp}: the energy regularisers from the command line. */
class EnergyCommandTest {

    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = GentrainCommand.execute(args);
            return new String[] {
                String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
            };
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void trainWithCommaSeparatedEnergyRegularisersReportsAccuracy() {
        String[] outcome = run("train", "--objective", "erm", "--regularize", "comhe-rp,mhe", "--embedded",
                "--train-size", "200", "--test-size", "100", "--device", "cpu", "--set", "power=a2");
        assertEquals("0", outcome[0], outcome[2]);
        assertTrue(outcome[1].contains("arm: erm+comhe-rp+mhe,"), outcome[1]);
        assertTrue(outcome[1].matches("(?s).*epoch 1: train loss \\d+\\.\\d+, test accuracy 0\\.\\d{4}.*"), outcome[1]);
    }

    @Test
    void negativeLambdaIsAUsageErrorBeforeTraining() {
        String[] outcome = run("train", "--regularize", "mhe", "--lambda", "-0.5");
        assertEquals("2", outcome[0]);
        assertEquals("gentrain: lambda must be >= 0, was -0.5", outcome[2].lines().findFirst().orElse(""));
        assertTrue(outcome[1].isEmpty(), outcome[1]);
    }
}
