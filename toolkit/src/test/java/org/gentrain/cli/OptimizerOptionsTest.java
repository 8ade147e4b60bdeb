package org.gentrain.cli;

import static org.gentrain.cli.GentrainCommandTest.assertUsageError;

import org.gentrain.train.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/** Optimizer, schedule and training-augmentation options of {@code train}: bad ones exit 2 in one line. */
class OptimizerOptionsTest {

    @Test
    void unknownOptimizerIsNamed() {
        assertUsageError("--optimizer must be sgd or adam, was 'lbfgs'", "train", "--optimizer", "lbfgs");
    }

    @Test
    void momentumWithAdamIsRefusedNotIgnored() {
        assertUsageError(
                "--momentum applies to --optimizer sgd only (adam has --betas)",
                "train",
                "--optimizer",
                "adam",
                "--momentum",
                "0.5");
    }

    @Test
    void adamSettingsWithSgdAreRefusedNotIgnored() {
        assertUsageError("--betas applies to --optimizer adam only", "train", "--betas", "0.8,0.99");
        assertUsageError("--eps applies to --optimizer adam only", "train", "--eps", "1e-6");
    }

    @Test
    void badAdamValuesNameTheOption() {
        assertUsageError("--betas: beta2 must be in [0, 1), was 1", "train", "--optimizer", "adam", "--betas", "0.9,1");
        assertUsageError("--eps must be > 0, was 0", "train", "--optimizer", "adam", "--eps", "0");
        assertUsageError("--lr must be > 0, was -1", "train", "--optimizer", "adam", "--lr", "-1");
    }

    @Test
    void badScheduleNamesTheGrammar() {
        assertUsageError(
                "--schedule 'step:100' is invalid (unknown form); expected " + LearningRateSchedule.GRAMMAR,
                "train",
                "--schedule",
                "step:100");
        assertUsageError(
                "--schedule 'warmup:3+cosine' is invalid (epochs must be > warmupEpochs (3) for a cosine "
                        + "schedule, was 2); expected " + LearningRateSchedule.GRAMMAR,
                "train",
                "--epochs",
                "2",
                "--schedule",
                "warmup:3+cosine");
    }

    @Test
    void badTrainAugmentationIsNamed() {
        assertUsageError(
                "--train-augmentation must be none or crop-flip:P (P >= 0 pixels), was 'rotate'",
                "train",
                "--train-augmentation",
                "rotate");
        assertUsageError(
                "--train-augmentation: padding must be >= 0, was -2", "train", "--train-augmentation", "crop-flip:-2");
    }
}
