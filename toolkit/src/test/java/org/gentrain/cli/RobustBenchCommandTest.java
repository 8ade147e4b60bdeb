package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gentrain robust-bench}: bad arguments before anything trains, and the lines it prints. */
class RobustBenchCommandTest {

    @Test
    void badAttackSpecIsOneLineBeforeAnythingTrains() {
        GentrainCommandTest.assertUsageError(
                "robust spec entry 'pgd:-0.1': eps must be in [0, 1], was -0.1",
                "robust-bench",
                "--embedded",
                "--attacks",
                "pgd:-0.1");
    }

    @Test
    void unknownObjectiveIsOneLine() {
        GentrainCommandTest.assertUsageError(
                "--objectives must name erm, gauss-aug or pgd-at, was 'maxup'",
                "robust-bench",
                "--embedded",
                "--objectives",
                "erm,maxup");
    }

    @Test
    void tooFewStepsAreRejected() {
        GentrainCommandTest.assertUsageError(
                "--steps must be 0 or >= 11 (steps 1 to 10 are warm-up), was 5",
                "robust-bench",
                "--embedded",
                "--steps",
                "5");
    }

    @Test
    void printsTrainingAttackAndStepLines() {
        GentrainCommandTest.Outcome outcome = GentrainCommandTest.run(
                "robust-bench",
                "--embedded",
                "--train-size",
                "48",
                "--batch-size",
                "4",
                "--test-size",
                "20",
                "--epochs",
                "0",
                "--attacks",
                "fgsm:0.1,pgd:0.1@steps=2",
                "--chunk",
                "10",
                "--steps",
                "11",
                "--objectives",
                "erm,pgd-at",
                "--pgd-at-steps",
                "1",
                "--device",
                "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals(5, lines.size(), outcome.out());
        assertTrue(lines.get(0).startsWith("{\"kind\":\"train\",\"epochs\":0,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"kind\":\"attack\",\"column\":\"fgsm_acc@0.1\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"images\":20,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("{\"kind\":\"attack\",\"column\":\"pgd@steps=2_acc@0.1\""), lines.get(2));
        assertTrue(lines.get(3).startsWith("{\"kind\":\"step\",\"objective\":\"erm\",\"steps\":11,"), lines.get(3));
        assertTrue(lines.get(4).startsWith("{\"kind\":\"step\",\"objective\":\"pgd-at\",\"steps\":11,"), lines.get(4));
        assertTrue(lines.get(4).contains("\"overhead_vs_erm\":"), lines.get(4));
    }
}
