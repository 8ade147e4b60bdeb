package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code gentrain train --transform opt-...}: OPT from the command line. */
class OptTrainCommandTest {

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
    void trainWithOptCayleyTransformRunsAndReportsAccuracy() {
        String[] outcome = run("train", "--objective", "erm", "--transform", "opt-cayley", "--embedded",
                "--train-size", "128", "--test-size", "64", "--batch-size", "64", "--device", "cpu");
        assertEquals("0", outcome[0], outcome[2]);
        assertTrue(outcome[1].contains("arm: erm+opt-cayley"), outcome[1]);
        assertTrue(outcome[1].matches("(?s).*epoch 1: train loss \\d+\\.\\d+, test accuracy \\d\\.\\d{4}.*"), outcome[1]);
    }

    @Test
    void badOptSettingIsOneLineAndExitCodeTwo() {
        String[] outcome = run("train", "--transform", "opt-stochastic", "--set", "block-size=1", "--embedded");
        assertEquals("2", outcome[0]);
        assertEquals("gentrain: block-size must be >= 2, was 1", outcome[2].lines().findFirst().orElse(""));
    }
}
