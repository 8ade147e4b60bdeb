package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

class LearnerTest {

    private static final ImageSet DATA = SyntheticImages.squares(256, 28, 10, 3);

    private static Learner learner(long seed, TrainingHook hook) {
        Learner.Builder builder = Learner.builder()
                .setModel(SmallCnn.create())
                .setInputShape(DATA.imageShape())
                .optSeed(seed)
                .optBatchSize(32)
                .optDevice(Device.cpu());
        if (hook != null) {
            builder.addHook(hook);
        }
        return builder.build();
    }

    private static float[] losses(long seed, int epochs) {
        List<Float> losses = new ArrayList<>();
        try (Learner learner = learner(seed, new TrainingHook() {
            @Override
            public void onStepEnd(StepContext step) {
                losses.add(step.loss());
            }
        })) {
            for (int e = 0; e < epochs; e++) {
                learner.trainEpoch(DATA);
            }
        }
        float[] array = new float[losses.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = losses.get(i);
        }
        return array;
    }

    @Test
    void sameSeedGivesIdenticalLossSequence() {
        float[] first = losses(11, 2);
        float[] second = losses(11, 2);
        assertEquals(16, first.length);
        assertArrayEquals(first, second, 0f);
    }

    @Test
    void otherSeedGivesOtherLosses() {
        float[] first = losses(11, 1);
        float[] other = losses(12, 1);
        assertTrue(first[0] != other[0] || first[1] != other[1]);
    }

    @Test
    void stepsDoNotGrowTheModelsMemory() {
        try (Learner learner = learner(1, null)) {
            learner.trainEpoch(DATA, 2);
            int before = learner.manager().getManagedArrays().size();
            learner.trainEpoch(DATA);
            learner.evaluate(DATA);
            learner.trainEpoch(DATA);
            assertEquals(before, learner.manager().getManagedArrays().size());
        }
    }

    @Test
    void trainingLowersTheLossAndLearnsSeparableData() {
        try (Learner learner = learner(5, null)) {
            EpochResult first = learner.trainEpoch(DATA);
            EpochResult last = first;
            for (int e = 0; e < 3; e++) {
                last = learner.trainEpoch(DATA);
            }
            assertTrue(last.meanLoss() < first.meanLoss() * 0.5, first.meanLoss() + " -> " + last.meanLoss());
            assertTrue(learner.evaluate(DATA) > 0.9);
        }
    }

    @Test
    void nonFiniteLossStopsWithEpochAndStep() {
        try (Learner learner = Learner.builder()
                .setModel(Mlp.create())
                .setInputShape(DATA.imageShape())
                .optOptimizer(OptimizerSettings.PROTOCOL.withLearningRate(1e4f))
                .optBatchSize(32)
                .build()) {
            DivergedException e = assertThrows(DivergedException.class, () -> {
                for (int i = 0; i < 5; i++) {
                    learner.trainEpoch(DATA);
                }
            });
            assertTrue(e.step() >= 1 && e.epoch() >= 1);
            assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", step " + e.step()));
        }
    }

    @Test
    void builderRejectsBadBatchSize() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Learner.builder()
                        .setModel(Mlp.create())
                        .setInputShape(DATA.imageShape())
                        .optBatchSize(0)
                        .build());
        assertEquals("batchSize must be >= 1, was 0", e.getMessage());
    }

    @Test
    void epochCountsAndStepCountsAdvance() {
        try (Learner learner = learner(1, null)) {
            EpochResult result = learner.trainEpoch(DATA, 3);
            assertEquals(1, result.epoch());
            assertEquals(3, result.steps());
            assertEquals(3, learner.globalStep());
            assertEquals(2, learner.trainEpoch(DATA).epoch());
            assertEquals(3 + 8, learner.globalStep());
        }
    }

    @Test
    void aRecipeServesOneOpenLearnerAtATime() {
        Recipe shared = Recipe.erm();
        Learner.Builder builder = Learner.builder()
                .setModel(Mlp.create())
                .setInputShape(DATA.imageShape())
                .optRecipe(shared)
                .optDevice(Device.cpu());
        try (Learner first = builder.build()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Learner.builder()
                            .setModel(Mlp.create())
                            .setInputShape(DATA.imageShape())
                            .optRecipe(shared)
                            .optDevice(Device.cpu())
                            .build());
            assertEquals(
                    "recipe erm is in use by another open Learner: its parts keep per-run state, so build a fresh "
                            + "recipe for every run (Arm.newRecipe(), or a recipe factory)",
                    e.getMessage());
            first.trainEpoch(DATA, 1);
        }
        try (Learner again = Learner.builder()
                .setModel(Mlp.create())
                .setInputShape(DATA.imageShape())
                .optRecipe(shared)
                .optDevice(Device.cpu())
                .build()) {
            assertEquals(0, again.epochsCompleted(), "a closed learner's recipe can serve the next run");
        }
    }

    @Test
    void fitReturnsOneRowPerEpochWithTheHooksMetrics() {
        org.gentrain.data.TrainTestSplit split =
                new org.gentrain.data.TrainTestSplit(DATA, SyntheticImages.squares(64, 28, 10, 4), "synthetic");
        TrainingHook probe = new EpochMetricsHook();
        try (Learner learner = Learner.builder()
                .setModel(Mlp.create())
                .setInputShape(DATA.imageShape())
                .optBatchSize(32)
                .optDevice(Device.cpu())
                .addHook(probe)
                .build()) {
            tech.tablesaw.api.Table table = learner.fit(split, 2);
            assertEquals(
                    List.of("epoch", "train_loss", "test_accuracy", "step_ms", "epoch_squared"), table.columnNames());
            assertEquals(2, table.rowCount());
            assertEquals(List.of(1, 2), table.intColumn("epoch").asList());
            assertEquals(4.0, table.doubleColumn("epoch_squared").get(1), 0);
            double accuracy = table.doubleColumn("test_accuracy").get(1);
            assertEquals(learner.evaluate(split.test()), accuracy, 0, "the table's accuracy is the model's");
            assertTrue(table.doubleColumn("train_loss").get(1)
                    < table.doubleColumn("train_loss").get(0));
            assertEquals(2, learner.fit(split, 1).intColumn("epoch").get(0) - 1, "fit continues the count");
        }
    }

    /** Records epoch squared, to check that fit gathers what hooks measure. */
    private static final class EpochMetricsHook implements TrainingHook, EpochMetrics {
        @Override
        public java.util.Map<String, Double> metricsAt(int epoch) {
            return java.util.Map.of("epoch_squared", (double) epoch * epoch);
        }
    }

    @Test
    void anInterruptStopsTrainingBeforeTheNextStepAndLeavesTheLearnerUsable() {
        int[] steps = {0};
        try (Learner learner = learner(5, new TrainingHook() {
            @Override
            public void onStepEnd(StepContext step) {
                if (++steps[0] == 3) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            TrainingInterruptedException e =
                    assertThrows(TrainingInterruptedException.class, () -> learner.trainEpoch(DATA));
            assertEquals(
                    "training interrupted in epoch 1 before step 4 of 8; the model keeps the weights of the last "
                            + "finished step, 0 epochs completed",
                    e.getMessage());
            assertEquals(3, steps[0]);
            assertTrue(!Thread.currentThread().isInterrupted(), "the interrupt is consumed");
            assertEquals(0, learner.epochsCompleted());
            learner.trainEpoch(DATA);
            assertEquals(1, learner.epochsCompleted());
        }
    }
}
