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
        Learner.Builder builder =
                Learner.builder()
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
        try (Learner learner =
                Learner.builder()
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Learner.builder().setModel(Mlp.create()).setInputShape(DATA.imageShape())
                        .optBatchSize(0).build());
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
}
