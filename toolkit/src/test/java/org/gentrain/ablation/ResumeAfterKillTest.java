package org.gentrain.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** A real interruption: the ablation runs in its own JVM, which is killed with SIGKILL. */
class ResumeAfterKillTest {

    private static final List<String> RUN = List.of(
            "ablate",
            "--arms",
            "erm",
            "--seeds",
            "4",
            "--epochs",
            "3",
            "--embedded",
            "--train-size",
            "600",
            "--test-size",
            "200",
            "--device",
            "cpu");

    @TempDir
    Path dir;

    @Test
    void runKilledAfterItsFirstEpochAndResumedMatchesAnUninterruptedRun() throws Exception {
        Path interrupted = dir.resolve("interrupted");
        Process process = start(interrupted, List.of());
        Path state = interrupted.resolve("checkpoints").resolve("erm-seed4.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!(Files.exists(state) && Files.readString(state).contains("\"epoch\":1"))) {
            assertTrue(process.isAlive(), "the run ended before its first checkpoint");
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 240 s");
            Thread.sleep(50);
        }
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
        process.waitFor();
        assertTrue(!Files.exists(interrupted.resolve("epochs.csv")), "the killed run must not have finished");

        assertEquals(0, start(interrupted, List.of("--resume")).waitFor());
        Path uninterrupted = dir.resolve("uninterrupted");
        assertEquals(0, start(uninterrupted, List.of()).waitFor());

        Table resumed = read(interrupted.resolve("epochs.csv"));
        Table reference = read(uninterrupted.resolve("epochs.csv"));
        assertEquals(3, resumed.rowCount());
        List<String> columns = new ArrayList<>(List.of("train_loss", "test_accuracy"));
        reference.columnNames().stream().filter(c -> c.startsWith("energy_")).forEach(columns::add);
        assertEquals(List.of("energy_conv1", "energy_conv2", "energy_fc1", "energy_fc2"), columns.subList(2, 6));
        for (String column : columns) {
            double[] a = resumed.numberColumn(column).asDoubleArray();
            double[] b = reference.numberColumn(column).asDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 0.0, column + " at epoch " + (i + 1));
            }
        }
    }

    private Process start(Path out, List<String> extra) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dai.djl.offline=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.gentrain.cli.GentrainCommand");
        command.addAll(RUN);
        command.add("--out");
        command.add(out.toString());
        command.addAll(extra);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(out.getFileName() + "-" + extra.size() + ".log")
                        .toFile())
                .start();
    }

    private static Table read(Path csv) throws Exception {
        return Table.read().csv(CsvReadOptions.builder(csv.toFile()).build());
    }
}
