package org.example.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gentrain.ablation.Ablation;
import org.gentrain.ablation.AblationResult;
import org.gentrain.arms.ArmPart;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.arms.Setting;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.models.Mlp;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.CrossEntropy;
import org.gentrain.train.EpochMetrics;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;
import org.gentrain.train.StepContext;
import org.gentrain.train.TrainingHook;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * A researcher's own technique, written outside the toolkit's packages, registered at run time and
 * ablated next to the built-in arms, with a probe of its own and a look at every trained model.
 */
class OwnArmAblationTest {

    private static final TrainTestSplit DATA = new TrainTestSplit(
            SyntheticImages.squares(96, 28, 10, 1), SyntheticImages.squares(60, 28, 10, 2), "synthetic squares");

    /** Cross-entropy against targets smoothed by {@code epsilon} (Szegedy et al., 2016). */
    static final class LabelSmoothing implements Objective {
        private final double epsilon;

        LabelSmoothing(double epsilon) {
            this.epsilon = epsilon;
        }

        @Override
        public String name() {
            return "smooth";
        }

        @Override
        public NDArray step(StepContext step) {
            return step.descend(() -> {
                NDArray logits = step.forward(step.data());
                NDArray uniform =
                        logits.logSoftmax(-1).mean(new int[] {-1}).neg().mean();
                return CrossEntropy.mean(logits, step.labels()).mul(1 - epsilon).add(uniform.mul(epsilon));
            });
        }
    }

    /** Counts the steps of its run: a per-run probe with a column of its own. */
    static final class StepCounter implements TrainingHook, EpochMetrics {
        private final Map<Integer, Double> counts = new java.util.HashMap<>();
        private int steps;

        @Override
        public void onStepEnd(StepContext step) {
            steps++;
        }

        @Override
        public void onEpochEnd(org.gentrain.train.Learner learner, int epoch) {
            counts.put(epoch, (double) steps);
        }

        @Override
        public Map<String, Double> metricsAt(int epoch) {
            return counts.containsKey(epoch) ? Map.of("steps_so_far", counts.get(epoch)) : Map.of();
        }
    }

    @Test
    void aRegisteredPartIsAblatedAndComposedLikeABuiltInOne() {
        ArmRegistry registry = ArmRegistry.withBuiltIns()
                .register(ArmPart.objective("smooth")
                        .setDescription("cross-entropy with label smoothing")
                        .optSetting(Setting.real("epsilon", 0.1, 0, 1, "probability mass spread over every class"))
                        .setFactory(settings -> new LabelSmoothing(settings.getDouble("epsilon")))
                        .build());
        List<String> looked = new ArrayList<>();
        AblationResult result = Ablation.builder()
                .registry(registry)
                .data(DATA)
                .model("mlp", Mlp::create)
                .arms("erm", "smooth@epsilon=0.2", "smooth+mhe")
                .arm("smooth-own", () -> Recipe.of(new LabelSmoothing(0.05)))
                .hook(StepCounter::new)
                .afterRun((arm, seed, learner) -> looked.add(arm + "/" + seed + "/" + learner.epochsCompleted()))
                .epochs(2)
                .batchSize(32)
                .progress(null)
                .device("cpu")
                .run();
        Table summary = result.summary();
        assertEquals(
                List.of("erm", "smooth@epsilon=0.2", "smooth+mhe", "smooth-own"),
                summary.stringColumn("arm").asList());
        assertTrue(summary.stringColumn("status").asList().stream().allMatch("ok"::equals));
        assertEquals(List.of("erm/1/2", "smooth@epsilon=0.2/1/2", "smooth+mhe/1/2", "smooth-own/1/2"), looked);
        Table epochs = result.epochs();
        assertEquals(
                List.of(3.0, 6.0, 3.0, 6.0, 3.0, 6.0, 3.0, 6.0),
                epochs.doubleColumn("steps_so_far").asList(),
                "a fresh probe per run");
        assertTrue(epochs.columnNames().contains("energy_fc1"), "the registry's probes are attached too");
        assertNotEquals(
                epochs.doubleColumn("train_loss").get(1),
                epochs.doubleColumn("train_loss").get(3),
                "the smoothed loss is not cross-entropy");
        assertEquals(
                "arm 'smooth@epsilon=2': epsilon must be a number in [0, 1], was '2'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Ablation.builder()
                                        .registry(registry)
                                        .data(DATA)
                                        .arms("erm", "smooth@epsilon=2")
                                        .validateNow())
                        .getMessage());
    }
}
