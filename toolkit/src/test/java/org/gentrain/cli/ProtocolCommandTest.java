package org.gentrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gentrain.protocol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolCommandTest {

    @TempDir
    Path dir;

    @Test
    void listShowsEveryProtocolWithItsSource() {
        GentrainCommandTest.Outcome outcome = GentrainCommandTest.run("protocol", "list");
        assertEquals(0, outcome.code(), outcome.err());
        for (String name : Protocol.BUILT_IN) {
            assertTrue(outcome.out().contains(name + " "), name);
        }
        assertTrue(outcome.out().contains("Chen et al., Complement Objective Training, ICLR 2019"), outcome.out());
    }

    @Test
    void aShortenedProtocolRunsEndToEndAndPrintsThePapersFigureBesideTheMeasuredOne() throws Exception {
        Path out = dir.resolve("gce");
        GentrainCommandTest.Outcome outcome = GentrainCommandTest.run(
                "protocol",
                "run",
                "gce-fashion-mnist",
                "--epochs",
                "1",
                "--train-size",
                "256",
                "--test-size",
                "128",
                "--device",
                "cpu",
                "--out",
                out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("protocol gce-fashion-mnist: GCE vs cross-entropy"), outcome.out());
        assertTrue(outcome.out().matches("(?s).*\\ngce@alpha=0.333\\s+-\\s+\\d+\\.\\d\\d\\n.*"), outcome.out());
        assertTrue(outcome.out().contains("1 epochs here, 20 in the paper's protocol"), outcome.out());
        assertTrue(
                Files.readString(out.resolve("config.json")).contains("\"kind\": \"ADAM\""),
                Files.readString(out.resolve("config.json")));
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
    }

    @Test
    void aProtocolWithoutItsDataSaysHowToGetItInOneLine() {
        GentrainCommandTest.Outcome missing =
                GentrainCommandTest.run("protocol", "run", "cot-cifar10", "--epochs", "1");
        assertEquals(2, missing.code(), missing.err());
        String line = missing.err().lines().findFirst().orElse("");
        assertTrue(
                line.startsWith("gentrain: protocol cot-cifar10 needs CIFAR-10: CIFAR-10: not found; looked in "),
                line);
        assertTrue(line.endsWith("(run data-scripts/cifar10.sh, or give a folder with --data)"), line);
        assertTrue(missing.out().isEmpty(), missing.out());
        GentrainCommandTest.assertUsageError(
                "protocol must be one of " + String.join(", ", Protocol.BUILT_IN) + ", was 'cot'",
                "protocol",
                "run",
                "cot");
    }
}
