package org.gentrain.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ablation as explicit work units: the same numbers as Ablation.run, unit by unit, in any order. */
class AblationSpecTest {

    @TempDir
    Path dir;

    private static final AblationSpec.DataSource SQUARES = () -> new TrainTestSplit(
            SyntheticImages.squares(192, 28, 10, 1), SyntheticImages.squares(100, 28, 10, 2), "synthetic squares");

    private static Ablation twoArmsTwoSeeds(Path out) {
        return Ablation.builder()
                .dataSource(SQUARES)
                .model("mlp")
                .arms("erm", "erm@lr=0.01")
                .seeds(1, 2)
                .epochs(1)
                .batchSize(32)
                .progress(null)
                .device("cpu")
                .output(out);
    }

    @Test
    void unitsAreArmsTimesSeedsInRunOrder() {
        List<AblationUnit> units = twoArmsTwoSeeds(dir.resolve("a")).spec().units();
        assertEquals(
                List.of(
                        new AblationUnit(0, "erm", 1),
                        new AblationUnit(1, "erm", 2),
                        new AblationUnit(2, "erm@lr=0.01", 1),
                        new AblationUnit(3, "erm@lr=0.01", 2)),
                units);
    }

    @Test
    void unitsRunAfterSerialisationAndInAnyOrderGiveTheRunnersNumbers() throws Exception {
        AblationResult reference = twoArmsTwoSeeds(dir.resolve("reference")).run();
        AblationSpec spec = roundTrip(twoArmsTwoSeeds(dir.resolve("units")).spec());
        AblationConfig config = spec.prepare();
        assertEquals(reference.config(), config);
        List<AblationUnit> units = new ArrayList<>(spec.units());
        Collections.reverse(units);
        List<UnitOutcome> outcomes = new ArrayList<>();
        for (AblationUnit unit : units) {
            outcomes.add(roundTrip(spec.runUnit(unit, null, epoch -> {})));
        }
        AblationResult assembled = spec.assemble(config, outcomes);

        assertEquals(reference.records().size(), assembled.records().size());
        for (int i = 0; i < reference.records().size(); i++) {
            EpochRecord a = reference.records().get(i);
            EpochRecord b = assembled.records().get(i);
            assertEquals(List.of(a.arm(), a.seed(), a.epoch()), List.of(b.arm(), b.seed(), b.epoch()));
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "train loss of " + a);
            assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0, "accuracy of " + a);
            assertEquals(a.metrics(), b.metrics(), "probes of " + a);
        }
        assertEquals(reference.statuses(), assembled.statuses());
        assertTrue(Files.isRegularFile(dir.resolve("units").resolve("summary.csv")));
        assertEquals(
                Files.readString(dir.resolve("reference").resolve("config.json")),
                Files.readString(dir.resolve("units").resolve("config.json")));
    }

    @Test
    void assemblingWithAMissingUnitIsRefused() {
        AblationSpec spec = twoArmsTwoSeeds(dir.resolve("missing")).spec();
        AblationConfig config = spec.prepare();
        UnitOutcome one = spec.runUnit(spec.units().get(0), null, epoch -> {});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> spec.assemble(config, List.of(one)));
        assertTrue(
                e.getMessage().startsWith("outcomes must hold every unit once; missing [erm seed 2"), e.getMessage());
    }

    @Test
    void whatCannotTravelIsRefusedInOneLineBeforeAnythingIsWritten() {
        List<Ablation> refused = List.of(
                twoArmsTwoSeeds(dir.resolve("x")).arm("mine", Recipe::erm),
                twoArmsTwoSeeds(dir.resolve("x")).hook(() -> new org.gentrain.train.TrainingHook() {}),
                twoArmsTwoSeeds(dir.resolve("x")).model("own", org.gentrain.models.Mlp::create),
                twoArmsTwoSeeds(dir.resolve("x")).dataSource(SQUARES::get),
                twoArmsTwoSeeds(dir.resolve("x")).data(SQUARES.get()));
        List<String> starts = List.of(
                "arms of your own",
                "hooks, evaluators (such as --robust) and afterRun",
                "model 'own'",
                "data must come from",
                "data must come from");
        for (int i = 0; i < refused.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, refused.get(i)::spec);
            assertTrue(e.getMessage().startsWith(starts.get(i)), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
