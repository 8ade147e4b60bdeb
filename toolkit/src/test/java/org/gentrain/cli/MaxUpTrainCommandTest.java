package org.gentrain.cli;

import static org.gentrain.cli.GentrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gentrain.cli.GentrainCommandTest.Outcome;
import org.junit.jupiter.api.Test;

/** {@code gentrain train --objective maxup} end to end on a small embedded subset. */
class MaxUpTrainCommandTest {

    @Test
    void maxUpWithFourCutoutCopiesTrainsAndReportsAccuracy() {
        Outcome outcome = run(
                "train",
                "--objective",
                "maxup",
                "--copies",
                "4",
                "--augment",
                "cutout",
                "--model",
                "mlp",
                "--embedded",
                "--train-size",
                "128",
                "--test-size",
                "100",
                "--device",
                "cpu",
                "--batch-size",
                "64");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("arm: maxup, model mlp"), outcome.out());
        assertTrue(outcome.out().contains("epoch 1: train loss"), outcome.out());
    }

    @Test
    void unknownAugmentationIsAUsageError() {
        Outcome outcome = run("train", "--objective", "maxup", "--augment", "rotate", "--device", "cpu");
        assertEquals(2, outcome.code());
        assertTrue(
                outcome.err()
                        .startsWith(
                                "gentrain: arm 'maxup': augment must be one of [none, cutout, gauss, crop, flip, mixup, cutmix]"),
                outcome.err());
    }
}
