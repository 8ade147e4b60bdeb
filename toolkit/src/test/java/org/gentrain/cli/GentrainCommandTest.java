package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GentrainCommandTest {

    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = GentrainCommand.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void assertUsageError(String expectedLine, String... args) {
        Outcome outcome = run(args);
        assertEquals(2, outcome.code(), outcome.err());
        String first = outcome.err().lines().findFirst().orElse("");
        assertEquals("gentrain: " + expectedLine, first);
        assertTrue(outcome.out().isEmpty(), "nothing may train: " + outcome.out());
    }

    @Test
    void unknownObjectiveIsOneLineAndExitCodeTwo() {
        Outcome outcome = run("train", "--objective", "nonsense");
        assertEquals(2, outcome.code());
        assertTrue(
                outcome.err().startsWith("gentrain: unknown part 'nonsense' in arm 'nonsense'; known: objectives [erm"),
                outcome.err());
    }

    @Test
    void epochsBelowOneAreRejected() {
        assertUsageError("--epochs must be >= 1, was 0", "train", "--epochs", "0");
    }

    @Test
    void batchSizeBelowOneIsRejected() {
        assertUsageError("--batch-size must be >= 1, was 0", "train", "--batch-size", "0");
    }

    @Test
    void missingDataPathIsRejected() {
        assertUsageError("--data: no such folder: /no/such/folder", "train", "--data", "/no/such/folder");
    }

    @Test
    void unknownDeviceIsRejected() {
        assertUsageError("device must be one of auto, cpu, gpu; was 'tpu'", "train", "--device", "tpu");
    }

    @Test
    void negativeLearningRateIsRejectedByItsFlagName() {
        assertUsageError("--lr must be > 0, was -1", "train", "--lr", "-1");
    }

    @Test
    void benchNeedsMoreThanTheWarmUpSteps() {
        assertUsageError("--steps must be >= 11 (steps 1 to 10 are warm-up), was 5", "bench", "--steps", "5");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Outcome outcome = run("train", "--epoch", "1");
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().startsWith("gentrain: Unknown options: '--epoch'"), outcome.err());
    }

    @Test
    void trainRunsOnTheEmbeddedSubsetAndReportsAccuracy() {
        Outcome outcome = run("train", "--embedded", "--train-size", "500", "--test-size", "200", "--device", "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("data: embedded default subset"), outcome.out());
        assertTrue(
                outcome.out().matches("(?s).*epoch 1: train loss \\d+\\.\\d+, test accuracy 0\\.\\d{4}.*"),
                outcome.out());
    }

    @Test
    void trainWithOptCayleyTransformRunsAndReportsAccuracy() {
        Outcome outcome = run(
                "train",
                "--objective",
                "erm",
                "--transform",
                "opt-cayley",
                "--embedded",
                "--train-size",
                "128",
                "--test-size",
                "64",
                "--batch-size",
                "64",
                "--device",
                "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("arm: erm+opt-cayley"), outcome.out());
        assertTrue(
                outcome.out().matches("(?s).*epoch 1: train loss \\d+\\.\\d+, test accuracy \\d\\.\\d{4}.*"),
                outcome.out());
    }

    @Test
    void badOptSettingIsRejected() {
        assertUsageError(
                "arm 'erm+opt-stochastic': block-size must be an integer in [2, 1000000], was '1'",
                "train",
                "--transform",
                "opt-stochastic",
                "--set",
                "block-size=1");
    }

    @Test
    void trainWithCommaSeparatedEnergyRegularisersReportsAccuracy() {
        Outcome outcome = run(
                "train",
                "--objective",
                "erm",
                "--regularize",
                "comhe-rp,mhe",
                "--embedded",
                "--train-size",
                "200",
                "--test-size",
                "100",
                "--device",
                "cpu",
                "--set",
                "power=a2");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("arm: erm+comhe-rp+mhe,"), outcome.out());
        assertTrue(
                outcome.out().matches("(?s).*epoch 1: train loss \\d+\\.\\d+, test accuracy 0\\.\\d{4}.*"),
                outcome.out());
    }

    @Test
    void negativeLambdaIsRejected() {
        assertUsageError(
                "arm 'erm+mhe': lambda must be a number in [0, 1000000], was '-0.5'",
                "train",
                "--regularize",
                "mhe",
                "--lambda",
                "-0.5");
    }

    @Test
    void aMisspeltSettingIsRejectedBeforeTraining() {
        assertUsageError(
                "setting cutout.size is not read by arm maxup; its settings: augment, copies, cutout-size, "
                        + "image-size, schedule, warmup-epochs",
                "train",
                "--objective",
                "maxup",
                "--set",
                "cutout.size=40");
    }

    @Test
    void aCutoutLargerThanTheImagesIsRejectedBeforeTraining() {
        assertUsageError(
                "cutout size must be in [1, 28] for 28 x 28 images, was 40",
                "train",
                "--objective",
                "maxup",
                "--set",
                "cutout-size=40",
                "--embedded",
                "--train-size",
                "100",
                "--test-size",
                "50");
    }

    @Test
    void aTechniqueFlagForAnArmWithoutTheTechniqueIsRejected() {
        assertUsageError(
                "setting copies is not read by arm erm; its settings: none",
                "train",
                "--objective",
                "erm",
                "--copies",
                "8");
    }

    @Test
    void benchRejectsASettingNoArmReads() {
        assertUsageError(
                "setting sigma is not read by any of the arms erm, maxup-cutout; their settings: "
                        + "copies, cutout-size, image-size, schedule, warmup-epochs",
                "bench",
                "--arms",
                "maxup-cutout",
                "--steps",
                "11",
                "--set",
                "sigma=0.5");
    }

    @Test
    void aPresetsFixedSettingIsRejectedInsteadOfIgnored() {
        assertUsageError(
                "arm 'maxup-cutout@augment=gauss': maxup-cutout fixes augment=cutout; name a part that reads "
                        + "augment instead, such as maxup@augment=gauss",
                "ablate",
                "--arms",
                "maxup-cutout@augment=gauss",
                "--epochs",
                "1");
    }

    @Test
    void trainAcceptsTheArmGrammarOfAblate() {
        Outcome outcome = run(
                "train",
                "--objective",
                "maxup-cutout@copies=2",
                "--regularize",
                "mhe@lambda=0.02",
                "--embedded",
                "--train-size",
                "128",
                "--test-size",
                "64",
                "--batch-size",
                "64",
                "--device",
                "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("arm: maxup-cutout+mhe@copies=2@lambda=0.02,"), outcome.out());
    }

    @Test
    void benchTimesArmsWithTheirOwnSettings() {
        Outcome outcome = run(
                "bench",
                "--arms",
                "erm,maxup-cutout@copies=2,erm@lr=0.01",
                "--steps",
                "11",
                "--embedded",
                "--train-size",
                "1500",
                "--test-size",
                "100",
                "--device",
                "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals(3, lines.size(), outcome.out());
        assertTrue(lines.get(1).startsWith("{\"arm\":\"maxup-cutout@copies=2\",\"step_ms\":"), lines.get(1));
        assertTrue(lines.get(2).startsWith("{\"arm\":\"erm@lr=0.01\","), lines.get(2));
    }

    @Test
    void armsPrintsEveryPartWithItsSettings() {
        Outcome outcome = run("arms");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("objectives:\n  erm "), outcome.out());
        assertTrue(
                outcome.out().contains("copies = 4 (an integer in [1, 1024]): augmented copies per example (m)"),
                outcome.out());
        assertTrue(outcome.out().contains("opt-cayley"), outcome.out());
    }
}
