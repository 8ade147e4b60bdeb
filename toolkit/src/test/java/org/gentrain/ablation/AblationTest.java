package org.gentrain.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class AblationTest {

    private static final TrainTestSplit DATA = new TrainTestSplit(
            SyntheticImages.squares(192, 28, 10, 1), SyntheticImages.squares(100, 28, 10, 2), "synthetic squares");

    @TempDir
    Path dir;

    private static Ablation twoArmsTwoSeeds() {
        return Ablation.builder()
                .data(DATA)
                .model("mlp")
                .arms("erm", "erm@lr=0.01")
                .seeds(1, 2)
                .epochs(1)
                .batchSize(32)
                .progress(null)
                .device("cpu");
    }

    @Test
    void tablesHoldOneRowPerArmSeedAndEpochWithFiniteNumbers() {
        AblationResult result = twoArmsTwoSeeds().run();
        Table epochs = result.epochs();
        assertEquals(
                List.of("arm", "seed", "epoch", "train_loss", "test_accuracy", "step_ms"),
                epochs.columnNames().subList(0, 6));
        assertEquals(4, epochs.rowCount());
        assertTrue(
                epochs.columnNames().contains("energy_fc1"),
                epochs.columnNames().toString());
        for (String column : epochs.columnNames().subList(3, epochs.columnCount())) {
            for (double value : epochs.doubleColumn(column).asDoubleArray()) {
                assertTrue(Double.isFinite(value), column + " " + value);
            }
        }
        Table summary = result.summary();
        assertEquals(2, summary.rowCount());
        assertEquals(
                List.of(
                        "arm",
                        "status",
                        "seeds",
                        "acc_mean",
                        "acc_std",
                        "diff_vs_baseline",
                        "diff_ci95_low",
                        "diff_ci95_high",
                        "step_ms",
                        "overhead"),
                summary.columnNames());
        assertEquals(1.0, summary.doubleColumn("overhead").get(0), 1e-12);
        assertEquals(0.0, summary.doubleColumn("diff_vs_baseline").get(0), 1e-12);
        double low = summary.doubleColumn("diff_ci95_low").get(1);
        double high = summary.doubleColumn("diff_ci95_high").get(1);
        double diff = summary.doubleColumn("diff_vs_baseline").get(1);
        assertTrue(low <= diff && diff <= high, low + " " + diff + " " + high);
        String printed = result.toString();
        assertTrue(
                printed.contains(String.format(
                        java.util.Locale.ROOT,
                        "%.4f",
                        summary.doubleColumn("acc_mean").get(1))),
                printed);
        assertFalse(printed.matches("(?s).*\\d\\.\\d{5,}.*"), "printed summary rounds to 4 decimals:\n" + printed);
    }

    @Test
    void outputFolderGetsCsvJsonAndReadableCharts() throws Exception {
        Path out = dir.resolve("results");
        twoArmsTwoSeeds().output(out).run();
        assertTrue(Files.readString(out.resolve("epochs.csv")).startsWith("arm,seed,epoch,train_loss"));
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
        AblationConfig config = AblationConfig.fromJson(Files.readString(out.resolve("config.json")));
        assertEquals(List.of("erm", "erm@lr=0.01"), config.arms());
        assertTrue(
                Files.readString(out.resolve("config.json")).contains("\"erm@lr=0.01\""),
                "config.json writes arm names as they are, without \\u003d");
        assertEquals(List.of(1L, 2L), config.seeds());
        for (String chart : List.of("accuracy.png", "energy.png", "overhead.png")) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertEquals(800, image.getWidth(), chart);
            assertTrue(distinctColours(image) > 10, chart + " looks blank");
        }
        assertTrue(Files.isRegularFile(out.resolve("checkpoints").resolve("erm-seed1.ckpt")));
    }

    @Test
    void folderWithResultsIsRefusedWithoutOverwrite() {
        Path out = dir.resolve("results");
        twoArmsTwoSeeds().seeds(1).output(out).run();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> twoArmsTwoSeeds().seeds(1).output(out).run());
        assertTrue(e.getMessage().contains("already holds results"), e.getMessage());
        twoArmsTwoSeeds().seeds(1).output(out).overwrite(true).run();
    }

    @Test
    void folderWithSomeoneElsesFilesIsNeverReplaced() throws Exception {
        Path out = dir.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "precious");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> twoArmsTwoSeeds().seeds(1).output(out).overwrite(true).run());
        assertTrue(e.getMessage().contains("not gentrain results"), e.getMessage());
        assertEquals("precious", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void divergingArmIsMarkedWhileTheOtherCompletes() {
        AblationResult result = Ablation.builder()
                .data(DATA)
                .model("mlp")
                .arms("erm", "erm@lr=1e4")
                .seeds(1)
                .epochs(2)
                .batchSize(32)
                .progress(null)
                .device("cpu")
                .run();
        RunStatus diverged = result.statuses().get(1);
        assertTrue(diverged.diverged());
        assertTrue(
                diverged.message().matches("arm erm@lr=1e4, seed 1 diverged: loss \\S+ at epoch \\d, step \\d+.*"),
                diverged.message());
        assertFalse(result.statuses().get(0).diverged());
        assertEquals("ok", result.summary().stringColumn("status").get(0));
        assertEquals(
                "diverged (1 of 1 seeds)",
                result.summary().stringColumn("status").get(1));
        assertEquals(
                2,
                result.epochs()
                        .where(result.epochs().stringColumn("arm").isEqualTo("erm"))
                        .rowCount());
    }

    @Test
    void badSettingsAreRejectedBeforeAnythingRuns() {
        assertEquals(
                "epochs must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> twoArmsTwoSeeds().epochs(0).run())
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> twoArmsTwoSeeds().arms("erm", "bogus").run())
                .getMessage()
                .startsWith("unknown part 'bogus'"));
        assertEquals(
                "cutout size must be in [1, 28] for 28 x 28 images, was 40",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> twoArmsTwoSeeds()
                                        .arms("erm", "maxup-cutout@cutout-size=40")
                                        .run())
                        .getMessage());
        assertEquals(
                "arm 'erm@lr': setting 'lr' must be KEY=VALUE, such as lr=0.01",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> twoArmsTwoSeeds().arms("erm@lr").run())
                        .getMessage());
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void theEngineIsWarmedUpOnceBeforeTheFirstTimedRun() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        twoArmsTwoSeeds()
                .progress(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8))
                .run();
        List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("warm-up") || line.contains("test accuracy"))
                .toList();
        assertTrue(lines.get(0).matches("warm-up: \\d+ untimed steps of erm before the timed runs"), lines.get(0));
        assertEquals(5, lines.size(), "one warm-up, then 4 runs of one epoch: " + lines);
        assertTrue(result(twoArmsTwoSeeds()).summary().name().contains("after an untimed warm-up"));
    }

    private static AblationResult result(Ablation ablation) {
        return ablation.warmUp(false).run();
    }

    @Test
    void theEnergyBeforeTrainingIsInTheMetricsTable() {
        AblationResult result = twoArmsTwoSeeds().warmUp(false).run();
        Table metrics = result.metrics();
        assertEquals(List.of("arm", "seed", "epoch"), metrics.columnNames().subList(0, 3));
        assertEquals(8, metrics.rowCount(), "epochs 0 and 1 of 4 runs");
        assertEquals(0, metrics.intColumn("epoch").get(0));
        assertTrue(Double.isFinite(metrics.doubleColumn("energy_fc1").get(0)));
        assertFalse(result.epochs().intColumn("epoch").contains(0), "the epoch table holds trained epochs only");
        assertTrue(result.relativeChart("energy_fc", "energy").getSeriesMap().containsKey("erm fc1"));
    }

    @Test
    void anInterruptedAblationKeepsItsFinishedEpochs() {
        int[] steps = {0};
        org.gentrain.train.TrainingHook interruptInTheThirdRun = new org.gentrain.train.TrainingHook() {
            @Override
            public void onStepEnd(org.gentrain.train.StepContext step) {
                if (++steps[0] == 6 + 6 + 2) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path out = dir.resolve("interrupted");
        AblationInterruptedException e = assertThrows(
                AblationInterruptedException.class,
                () -> twoArmsTwoSeeds()
                        .warmUp(false)
                        .hook(() -> interruptInTheThirdRun)
                        .output(out)
                        .run());
        assertTrue(e.getMessage().startsWith("training interrupted in epoch 1 before step 3 of 6"), e.getMessage());
        assertTrue(e.getMessage().endsWith("continue with resume"), e.getMessage());
        assertEquals(2, e.partialResult().epochs().rowCount(), "erm with seeds 1 and 2 finished");
        AblationResult resumed =
                twoArmsTwoSeeds().warmUp(false).output(out).resume(true).run();
        assertEquals(4, resumed.epochs().rowCount());
    }
}
