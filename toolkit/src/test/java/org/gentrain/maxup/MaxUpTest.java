package org.gentrain.maxup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.gentrain.augment.Augmentation;
import org.gentrain.augment.Cutout;
import org.gentrain.data.ImageSet;
import org.gentrain.models.CifarResNet;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.models.WideResNet;
import org.gentrain.testing.Arms;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;

/** The MaxUp objective inside the training loop. */
class MaxUpTest {

    private static final ImageSet IMAGES = SyntheticImages.squares(32, 8, 4, 3);

    /** Plain gradient descent with rate 1: one step moves the weights by minus the gradient. */
    private static final OptimizerSettings GRADIENT_STEP = new OptimizerSettings(1f, 0f, 0f);

    private record Step(float loss, List<float[]> before, List<float[]> after) {}

    private static Step oneStep(Objective objective, Supplier<ai.djl.nn.Block> model) {
        try (Learner learner = Learner.builder()
                .setModel(model.get())
                .setInputShape(IMAGES.imageShape())
                .optRecipe(Recipe.of(objective))
                .optOptimizer(GRADIENT_STEP)
                .optBatchSize(16)
                .optSeed(11)
                .optDevice(Device.cpu())
                .build()) {
            List<float[]> before = weights(learner);
            EpochResult result = learner.trainEpoch(IMAGES, 1);
            return new Step((float) result.meanLoss(), before, weights(learner));
        }
    }

    private static List<float[]> weights(Learner learner) {
        List<float[]> list = new ArrayList<>();
        for (Parameter p : learner.trainableParameters()) {
            list.add(p.getArray().toFloatArray());
        }
        return list;
    }

    private static Supplier<ai.djl.nn.Block> mlp() {
        return () -> Mlp.create(4, 16);
    }

    @Test
    void oneCopyGivesExactlyTheErmLossAndGradient() {
        Step erm = oneStep(Arms.objective("erm", ArmOptions.defaults()), mlp());
        Step maxUp = oneStep(
                MaxUp.builder()
                        .optCopies(1)
                        .optAugmentation(Augmentation.identity())
                        .build(),
                mlp());
        assertEquals(erm.loss(), maxUp.loss(), 0f);
        for (int i = 0; i < erm.before().size(); i++) {
            assertArrayEquals(erm.before().get(i), maxUp.before().get(i), 0f, "same initial weights " + i);
            assertArrayEquals(erm.after().get(i), maxUp.after().get(i), 0f, "same step " + i);
        }
    }

    @Test
    void fastAndExactSchedulesGiveTheSameLossAndGradientWithoutBatchNorm() {
        Supplier<MaxUp.Builder> maxUp = () -> MaxUp.builder()
                .optCopies(4)
                .optAugmentation(Cutout.builder().setSize(4).build());
        Step exact = oneStep(maxUp.get().optSchedule(MaxUp.Schedule.EXACT).build(), mlp());
        Step fast = oneStep(maxUp.get().optSchedule(MaxUp.Schedule.FAST).build(), mlp());
        assertEquals(exact.loss(), fast.loss(), 1e-5f * Math.abs(exact.loss()));
        boolean moved = false;
        for (int i = 0; i < exact.before().size(); i++) {
            float[] e = exact.after().get(i);
            float[] f = fast.after().get(i);
            for (int j = 0; j < e.length; j++) {
                float gradExact = exact.before().get(i)[j] - e[j];
                float gradFast = fast.before().get(i)[j] - f[j];
                assertEquals(gradExact, gradFast, 1e-6f + 1e-4f * Math.abs(gradExact), "gradient " + i + "[" + j + "]");
                moved |= gradExact != 0;
            }
        }
        assertTrue(moved, "the step must change the weights");
    }

    @Test
    void worstOfFourCopiesCostsMoreThanOneCopy() {
        Supplier<MaxUp.Builder> maxUp = () ->
                MaxUp.builder().optAugmentation(Cutout.builder().setSize(4).build());
        Step one = oneStep(maxUp.get().optCopies(1).build(), mlp());
        Step four = oneStep(maxUp.get().optCopies(4).build(), mlp());
        assertTrue(four.loss() > one.loss(), "worst of 4: " + four.loss() + ", one copy: " + one.loss());
    }

    @Test
    void warmUpEpochsUseOneCopy() {
        MaxUp maxUp = MaxUp.builder().optCopies(6).optWarmupEpochs(2).build();
        assertEquals(1, maxUp.copiesInEpoch(1));
        assertEquals(1, maxUp.copiesInEpoch(2));
        assertEquals(6, maxUp.copiesInEpoch(3));
    }

    @Test
    void sameSeedGivesTheSameStepAndAnotherAugmentationSeedAnother() {
        Step a = oneStep(MaxUp.builder().build(), mlp());
        Step b = oneStep(MaxUp.builder().build(), mlp());
        assertEquals(a.loss(), b.loss(), 0f);
        Step noise = oneStep(
                MaxUp.builder()
                        .optAugmentation(
                                org.gentrain.augment.GaussianNoise.builder().build())
                        .build(),
                mlp());
        assertNotEquals(a.loss(), noise.loss());
    }

    @Test
    void fastStepsOnABatchNormModelDoNotGrowTheModelsMemory() {
        try (Learner learner = Learner.builder()
                .setModel(SmallCnn.create(4))
                .setInputShape(IMAGES.imageShape())
                .optRecipe(Recipe.of(MaxUp.builder()
                        .optAugmentation(Cutout.builder().setSize(4).build())
                        .build()))
                .optBatchSize(8)
                .optDevice(Device.cpu())
                .build()) {
            learner.trainEpoch(IMAGES, 2);
            int before = learner.manager().getManagedArrays().size();
            learner.trainEpoch(IMAGES);
            learner.trainEpoch(IMAGES);
            assertEquals(before, learner.manager().getManagedArrays().size());
        }
    }

    @Test
    void fastStepsOnAResidualNetworkDoNotGrowTheModelsMemory() {
        // option A shortcuts make zero channels and pre-activation blocks share their input
        for (Block model : List.of(CifarResNet.create(8, 4), WideResNet.create(10, 1, 4))) {
            try (Learner learner = Learner.builder()
                    .setModel(model)
                    .setInputShape(IMAGES.imageShape())
                    .optRecipe(Recipe.of(MaxUp.builder()
                            .optAugmentation(Cutout.builder().setSize(4).build())
                            .build()))
                    .optBatchSize(8)
                    .optDevice(Device.cpu())
                    .build()) {
                learner.trainEpoch(IMAGES, 2);
                int before = learner.manager().getManagedArrays().size();
                learner.trainEpoch(IMAGES, 3);
                learner.evaluate(IMAGES);
                assertEquals(before, learner.manager().getManagedArrays().size());
            }
        }
    }

    @Test
    void scoringPassLeavesBatchNormRunningStatisticsAsTheyWere() {
        SequentialBlock block = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(4).build());
        try (Learner learner = Learner.builder()
                        .setModel(block)
                        .setInputShape(IMAGES.imageShape())
                        .optDevice(Device.cpu())
                        .build();
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            RunningStatistics statistics = new RunningStatistics(learner.block());
            assertTrue(!statistics.isEmpty());
            List<float[]> before = new ArrayList<>();
            List<NDArray> arrays = new ArrayList<>();
            for (var pair : learner.block().getParameters()) {
                Parameter.Type type = pair.getValue().getType();
                if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                    arrays.add(pair.getValue().getArray());
                    before.add(pair.getValue().getArray().toFloatArray());
                }
            }
            List<NDArray> saved = statistics.save(manager);
            NDArray input = IMAGES.imagesArray(manager).add(3);
            learner.forward(new NDList(input), true);
            assertNotEquals(before.get(0)[0], arrays.get(0).toFloatArray()[0], "a training pass moves them");
            statistics.restore(saved);
            for (int i = 0; i < arrays.size(); i++) {
                assertArrayEquals(before.get(i), arrays.get(i).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void armsUseTheProtocolSettings() {
        MaxUp cutout = (MaxUp) Arms.objective("maxup-cutout", ArmOptions.defaults());
        assertEquals("maxup-cutout", cutout.name());
        assertEquals(4, cutout.copies());
        assertEquals(MaxUp.Schedule.FAST, cutout.schedule());
        assertEquals(8, ((Cutout) cutout.augmentation()).size());
        MaxUp gauss = (MaxUp) Arms.objective("maxup-gauss", ArmOptions.defaults());
        assertEquals(0.25, ((org.gentrain.augment.GaussianNoise) gauss.augmentation()).sigma(), 0);
        assertEquals(MaxUp.Schedule.FAST, gauss.schedule());
        MaxUp exact = (MaxUp) Arms.objective("maxup-cutout-exact", ArmOptions.defaults());
        assertEquals(MaxUp.Schedule.EXACT, exact.schedule());
        assertEquals("cutout", exact.augmentation().name());
    }

    @Test
    void genericArmReadsItsSettings() {
        ArmOptions options = ArmOptions.defaults()
                .with("copies", 8)
                .with("augment", "crop+flip+cutout")
                .with("warmup-epochs", 2)
                .with("schedule", "exact");
        MaxUp maxUp = (MaxUp) Arms.objective("maxup", options);
        assertEquals(8, maxUp.copies());
        assertEquals("crop+flip+cutout", maxUp.augmentation().name());
        assertEquals(1, maxUp.copiesInEpoch(2));
        assertEquals(MaxUp.Schedule.EXACT, maxUp.schedule());
    }

    @Test
    void badSettingsAreRejectedWithTheirNameAndRange() {
        assertEquals(
                "copies must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MaxUp.builder().optCopies(0).build())
                        .getMessage());
        assertEquals(
                "warmupEpochs must be >= 0, was -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MaxUp.builder().optWarmupEpochs(-1).build())
                        .getMessage());
        assertEquals(
                "arm 'maxup': schedule must be one of fast, exact, was 'slow'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.objective(
                                        "maxup", ArmOptions.defaults().with("schedule", "slow")))
                        .getMessage());
        assertEquals(
                "arm 'maxup-cutout': cutout size must be in [1, 28], was 30",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.objective(
                                        "maxup-cutout",
                                        ArmOptions.defaults()
                                                .with("cutout-size", 30)
                                                .with("image-size", 28)))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Arms.objective("maxup", ArmOptions.defaults().with("augment", "rotate")))
                .getMessage()
                .startsWith("arm 'maxup': augment must be one of [none, cutout, gauss, crop, flip, mixup, cutmix]"));
    }
}
