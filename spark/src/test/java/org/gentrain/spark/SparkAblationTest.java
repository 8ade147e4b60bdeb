package org.gentrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gentrain.ablation.Ablation;
import org.gentrain.ablation.AblationResult;
import org.gentrain.ablation.RunStatus;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The same ablation on Spark's local mode and on the single-machine runner. */
class SparkAblationTest {

    @TempDir
    Path dir;

    private static Ablation twoArmsTwoSeeds(Path out, int epochs) {
        return Ablation.builder()
                .dataSource(Squares.split())
                .model("mlp")
                .arms("erm", "erm@lr=0.01")
                .seeds(1, 2)
                .epochs(epochs)
                .batchSize(32)
                .device("cpu")
                .progress(null)
                .output(out);
    }

    private static AblationResult onSpark(String master, Ablation ablation) {
        SparkAblation spark = new SparkAblation();
        spark.configure(master, 1);
        return spark.run(ablation.spec(), System.err);
    }

    @AfterEach
    void noInjectedFailure() {
        System.clearProperty(UnitTask.FAIL_FIRST_ATTEMPT);
    }

    @Test
    void twoArmsTimesTwoSeedsGiveTheSingleMachineRunnersNumbers() throws Exception {
        AblationResult single = twoArmsTwoSeeds(dir.resolve("single"), 1).run();
        long start = System.nanoTime();
        AblationResult spark = onSpark("local[2]", twoArmsTwoSeeds(dir.resolve("spark"), 1));
        System.err.printf("Spark local[2] sweep of 4 units: %.1f s%n", (System.nanoTime() - start) / 1e9);

        assertSameNumbers(single, spark);
        assertEquals(4, spark.epochs().rowCount());
        Path out = dir.resolve("spark");
        for (String file : List.of(
                "config.json",
                "epochs.csv",
                "summary.csv",
                "accuracy.png",
                "energy.png",
                "overhead.png",
                "checkpoints/erm@lr=0.01-seed2.ckpt".replace('@', '_').replace('=', '_'))) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        assertEquals(
                Files.readString(dir.resolve("single").resolve("config.json")),
                Files.readString(out.resolve("config.json")));
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndResumesFromItsCheckpoint() throws Exception {
        AblationResult single = twoArmsTwoSeeds(dir.resolve("single"), 2).run();
        // unit 3 (erm@lr=0.01, seed 2) fails right after its first epoch's checkpoint, in its first attempt
        System.setProperty(UnitTask.FAIL_FIRST_ATTEMPT, "3@1");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        AblationResult spark;
        try {
            spark = onSpark("local[2,2]", twoArmsTwoSeeds(dir.resolve("spark"), 2));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertSameNumbers(single, spark);
        assertEquals(8, spark.epochs().rowCount());
        assertTrue(spark.statuses().stream().noneMatch(RunStatus::diverged));
        assertTrue(log.contains("injected failure of erm@lr=0.01 seed 2 after epoch 1"), log);
        assertTrue(log.contains("erm@lr=0.01 seed 2, attempt 2: resuming from its last checkpoint"), log);
        assertEquals(1, count(log, epochLine(1)), "epoch 1 is not trained again:\n" + log);
        assertEquals(1, count(log, epochLine(2)), log);
    }

    @Test
    void anExistingResultsFolderIsRefusedWithoutOverwrite() throws Exception {
        Path out = dir.resolve("results");
        List<String> sweep = List.of(
                "ablate",
                "--spark",
                "local[2]",
                "--task-threads",
                "1",
                "--arms",
                "erm",
                "--seeds",
                "1,2",
                "--model",
                "mlp",
                "--epochs",
                "1",
                "--batch-size",
                "64",
                "--embedded",
                "--train-size",
                "200",
                "--test-size",
                "100",
                "--device",
                "cpu",
                "--out",
                out.toString());
        Run first = Run.of(sweep);
        assertEquals(0, first.code, first.err);
        assertTrue(first.out.contains("results written to"), first.out);
        assertEquals(3, Files.readAllLines(out.resolve("epochs.csv")).size());
        String summary = Files.readString(out.resolve("summary.csv"));

        Run again = Run.of(sweep);
        assertEquals(2, again.code);
        assertTrue(
                again.err.startsWith("gentrain: output " + out + " already holds results; use --overwrite"), again.err);
        assertEquals(summary, Files.readString(out.resolve("summary.csv")), "the refused run wrote nothing");

        List<String> overwrite = new java.util.ArrayList<>(sweep);
        overwrite.add("--overwrite");
        Run replaced = Run.of(overwrite);
        assertEquals(0, replaced.code, replaced.err);
        assertEquals(
                summary.lines().map(l -> l.split(",")[3]).toList(),
                Files.readString(out.resolve("summary.csv"))
                        .lines()
                        .map(l -> l.split(",")[3])
                        .toList(),
                "the same seeds give the same mean accuracies");
    }

    @Test
    void armsOfYourOwnAreRefusedInOneLine() {
        Ablation own = twoArmsTwoSeeds(dir.resolve("own"), 1).arm("mine", Recipe::erm);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, own::spec);
        assertTrue(e.getMessage().startsWith("arms of your own (recipe factories) cannot be sent"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(dir.resolve("own")));
    }

    @Test
    void badMastersAndThreadCountsAreRefusedBeforeAnythingStarts() {
        SparkAblation spark = new SparkAblation();
        IllegalArgumentException master =
                assertThrows(IllegalArgumentException.class, () -> spark.configure("yarn", null));
        assertTrue(master.getMessage().startsWith("--spark must be local, local[N], local[*], local[N,F] or submit"));
        assertThrows(IllegalArgumentException.class, () -> spark.configure("local[0]", null));
        assertThrows(IllegalArgumentException.class, () -> spark.configure("local[2]", 0));
        spark.configure("local[1]", null);
        assertEquals(Runtime.getRuntime().availableProcessors(), spark.threads());
    }

    private static void assertSameNumbers(AblationResult expected, AblationResult actual) {
        Table a = expected.epochs();
        Table b = actual.epochs();
        assertEquals(a.columnNames(), b.columnNames());
        assertEquals(a.rowCount(), b.rowCount());
        assertEquals(a.stringColumn("arm").asList(), b.stringColumn("arm").asList());
        for (String column : a.columnNames()) {
            if (column.equals("arm") || column.equals("step_ms")) {
                continue;
            }
            for (int row = 0; row < a.rowCount(); row++) {
                assertEquals(
                        ((Number) a.column(column).get(row)).doubleValue(),
                        ((Number) b.column(column).get(row)).doubleValue(),
                        0.0,
                        column + " row " + row);
            }
        }
        for (String column :
                List.of("seeds", "acc_mean", "acc_std", "diff_vs_baseline", "diff_ci95_low", "diff_ci95_high")) {
            for (int row = 0; row < expected.summary().rowCount(); row++) {
                assertEquals(
                        ((Number) expected.summary().column(column).get(row)).doubleValue(),
                        ((Number) actual.summary().column(column).get(row)).doubleValue(),
                        0.0,
                        column + " row " + row);
            }
        }
        assertEquals(
                expected.summary().stringColumn("status").asList(),
                actual.summary().stringColumn("status").asList());
    }

    /** The progress line of unit 3's epoch. */
    private static String epochLine(int epoch) {
        return String.format(java.util.Locale.ROOT, "%-24s seed %d epoch %d/2", "erm@lr=0.01", 2, epoch);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }

    /** One run of the command line, with what it printed. */
    private record Run(int code, String out, String err) {
        static Run of(List<String> args) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, e), true, StandardCharsets.UTF_8));
            try {
                int code = org.gentrain.cli.GentrainCommand.execute(args.toArray(String[]::new));
                return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }
}
