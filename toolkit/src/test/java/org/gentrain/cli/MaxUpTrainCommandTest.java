package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code gentrain train --objective maxup} end to end on a small embedded subset. */
class MaxUpTrainCommandTest {

    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = GentrainCommand.execute(args);
            return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void maxUpWithFourCutoutCopiesTrainsAndReportsAccuracy() {
        String[] outcome = run("train", "--objective", "maxup", "--copies", "4", "--augment", "cutout",
                "--model", "mlp", "--embedded", "--train-size", "128", "--test-size", "100", "--device", "cpu", "--batch-size", "64");
        assertEquals("0", outcome[0], outcome[2]);
        assertTrue(outcome[1].contains("arm: maxup, model mlp"), outcome[1]);
        assertTrue(outcome[1].contains("epoch 1: train loss"), outcome[1]);
    }

    @Test
    void unknownAugmentationIsAUsageError() {
        String[] outcome = run("train", "--objective", "maxup", "--augment", "rotate", "--device", "cpu");
        assertEquals("2", outcome[0]);
        assertTrue(outcome[2].startsWith("gentrain: augment must be one of [none, cutout, gauss, crop, flip, mixup, cutmix]"),
                outcome[2]);
    }
}
