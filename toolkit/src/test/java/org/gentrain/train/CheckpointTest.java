package org.gentrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static final ImageSet DATA = SyntheticImages.squares(128, 28, 10, 9);

    @TempDir
    Path dir;

    private static Learner learner(List<Float> losses) {
        return Learner.builder()
                .setModel(SmallCnn.create())
                .setInputShape(DATA.imageShape())
                .optSeed(21)
                .optBatchSize(32)
                .addHook(new TrainingHook() {
                    @Override
                    public void onStepEnd(StepContext step) {
                        losses.add(step.loss());
                    }
                })
                .build();
    }

    @Test
    void resumedRunRepeatsTheUninterruptedRunExactly() {
        Path file = dir.resolve("run.ckpt");
        List<Float> uninterrupted = new ArrayList<>();
        try (Learner learner = learner(uninterrupted)) {
            learner.trainEpoch(DATA);
            Checkpoint.save(learner, file);
            learner.trainEpoch(DATA);
            learner.trainEpoch(DATA);
        }
        List<Float> resumed = new ArrayList<>();
        try (Learner learner = learner(resumed)) {
            Checkpoint.restore(learner, file);
            assertEquals(1, learner.epochsCompleted());
            assertEquals(4, learner.globalStep());
            assertEquals(2, learner.trainEpoch(DATA).epoch());
            learner.trainEpoch(DATA);
        }
        assertEquals(12, uninterrupted.size());
        assertArrayEquals(toArray(uninterrupted.subList(4, 12)), toArray(resumed), 0f);
    }

    @Test
    void checkpointOfAnotherModelIsRefusedByName() {
        Path file = dir.resolve("mlp.ckpt");
        try (Learner mlp = Learner.builder()
                .setModel(Mlp.create())
                .setInputShape(DATA.imageShape())
                .build()) {
            Checkpoint.save(mlp, file);
        }
        try (Learner cnn = learner(new ArrayList<>())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoint.restore(cnn, file));
            assertEquals(true, e.getMessage().contains("does not fit the model"), e.getMessage());
        }
    }

    @Test
    void savingLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("a.ckpt");
        try (Learner learner = learner(new ArrayList<>())) {
            Checkpoint.save(learner, file);
            Checkpoint.save(learner, file);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(0, Checkpoint.epochOf(file));
    }

    private static final OptimizerSettings ADAM_STEP_DECAY = OptimizerSettings.adam(0.01f, 0.9f, 0.999f, 1e-8f, 5e-4f)
            .withSchedule(LearningRateSchedule.parse("warmup:1+step:2,3@0.5", 4));

    private static Learner scheduled(OptimizerSettings settings, List<Float> losses, List<Float> rates) {
        return Learner.builder()
                .setModel(SmallCnn.create())
                .setInputShape(DATA.imageShape())
                .optOptimizer(settings)
                .optTrainAugmentation(TrainAugmentation.cropFlip(2))
                .optSeed(5)
                .optBatchSize(32)
                .addHook(new TrainingHook() {
                    @Override
                    public void onEpochStart(Learner learner, int epoch) {
                        rates.add(learner.optimizer(Learner.PRIMARY).learningRate());
                    }

                    @Override
                    public void onStepEnd(StepContext step) {
                        losses.add(step.loss());
                    }
                })
                .build();
    }

    @Test
    void runResumedMidScheduleWithAdamAndAugmentationRepeatsTheUninterruptedRunExactly() {
        Path file = dir.resolve("adam.ckpt");
        List<Float> uninterrupted = new ArrayList<>();
        List<Float> rates = new ArrayList<>();
        try (Learner learner = scheduled(ADAM_STEP_DECAY, uninterrupted, rates)) {
            learner.trainEpoch(DATA);
            learner.trainEpoch(DATA);
            Checkpoint.save(learner, file);
            learner.trainEpoch(DATA);
            learner.trainEpoch(DATA);
        }
        assertArrayEquals(new float[] {0.01f, 0.01f, 0.005f, 0.0025f}, toArray(rates), 1e-9f);
        List<Float> resumed = new ArrayList<>();
        List<Float> resumedRates = new ArrayList<>();
        try (Learner learner = scheduled(ADAM_STEP_DECAY, resumed, resumedRates)) {
            Checkpoint.restore(learner, file);
            assertEquals(0.01f, learner.optimizer(Learner.PRIMARY).learningRate(), "the rate in force when saved");
            assertEquals(
                    8L,
                    ((Adam) learner.optimizer(Learner.PRIMARY))
                            .steps(learner.trainableParameters().get(0).getId()));
            learner.trainEpoch(DATA);
            learner.trainEpoch(DATA);
        }
        assertEquals(16, uninterrupted.size());
        assertArrayEquals(toArray(rates.subList(2, 4)), toArray(resumedRates), 0f);
        assertArrayEquals(toArray(uninterrupted.subList(8, 16)), toArray(resumed), 0f);
    }

    @Test
    void checkpointOfOtherOptimizerSettingsIsRefusedNamingBoth() {
        Path file = dir.resolve("sgd.ckpt");
        try (Learner learner = learner(new ArrayList<>())) {
            Checkpoint.save(learner, file);
        }
        try (Learner learner = scheduled(ADAM_STEP_DECAY, new ArrayList<>(), new ArrayList<>())) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> Checkpoint.restore(learner, file));
            assertEquals(
                    "checkpoint " + file + " was written with optimizer 'primary' "
                            + OptimizerSettings.PROTOCOL.describe() + ", this run has " + ADAM_STEP_DECAY.describe(),
                    e.getMessage());
        }
    }

    private static float[] toArray(List<Float> list) {
        float[] array = new float[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i);
        }
        return array;
    }
}
