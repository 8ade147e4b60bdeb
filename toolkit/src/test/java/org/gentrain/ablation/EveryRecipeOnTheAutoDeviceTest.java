package org.gentrain.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Initialization;
import org.gentrain.models.MaxPool2x2;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.Devices;
import org.gentrain.train.Learner;
import org.gentrain.train.StatefulOptimizer;
import org.gentrain.train.StepContext;
import org.gentrain.train.TrainingHook;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every objective, regulariser and model transform of the catalog trains on the device that
 * {@code --device auto} picks (a GPU where there is one, the CPU on CI): the model's parameters,
 * the optimizers' state and every technique's own state live on that device, a checkpoint restores
 * the run there exactly, and evaluation works there.
 */
class EveryRecipeOnTheAutoDeviceTest {

    private static final ImageSet TRAIN = SyntheticImages.squares(48, 12, 4, 5);
    private static final ImageSet TEST = SyntheticImages.squares(40, 12, 4, 6);
    private static final Device AUTO = Devices.choose("auto");

    @TempDir
    Path dir;

    static Stream<String> parts() {
        // hcot's default label tree is Fashion-MNIST's ten classes; these images have four.
        return org.gentrain.arms.ArmRegistry.global().names().stream()
                .map(name -> name.equals("hcot") ? "hcot@groups=0,1|2,3" : name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parts")
    void trainsResumesAndEvaluatesOnTheAutoDevice(String arm) {
        Path file = dir.resolve(arm + ".ckpt");
        List<Float> uninterrupted = new ArrayList<>();
        double accuracy;
        try (Learner learner = learner(arm, uninterrupted)) {
            assertEquals(AUTO, learner.device());
            learner.trainEpoch(TRAIN);
            Checkpoint.save(learner, file);
            accuracy = learner.evaluate(TEST);
            learner.trainEpoch(TRAIN);
            assertEverythingOn(AUTO, learner, arm);
        }
        assertEquals(6, uninterrupted.size(), "two epochs of three steps");
        assertTrue(uninterrupted.stream().allMatch(Float::isFinite), uninterrupted.toString());
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);

        List<Float> resumed = new ArrayList<>();
        try (Learner learner = learner(arm, resumed)) {
            Checkpoint.restore(learner, file);
            assertEquals(accuracy, learner.evaluate(TEST), 0.0, "the restored model classifies as the saved one");
            learner.trainEpoch(TRAIN);
            assertEverythingOn(AUTO, learner, arm);
        }
        assertEquals(uninterrupted.subList(3, 6), resumed, "epoch 2 after a restore repeats epoch 2 of the run");
    }

    private static Learner learner(String arm, List<Float> losses) {
        return Learner.builder()
                .setModel(EveryRecipeOnTheAutoDeviceTest::tinyCnn)
                .setInputShape(TRAIN.imageShape())
                .optRecipe(org.gentrain.arms.ArmRegistry.global().resolve(arm).newRecipe())
                .optSeed(17)
                .optBatchSize(16)
                .optDevice(AUTO)
                .addHook(new TrainingHook() {
                    @Override
                    public void onStepEnd(StepContext step) {
                        losses.add(step.loss());
                    }
                })
                .build();
    }

    /** SmallCNN's layer kinds (convolution, batch norm, pooling, linear) at a tenth of its width. */
    private static Block tinyCnn() {
        SequentialBlock block = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(4)
                        .build())
                .add(BatchNorm.builder().build())
                .add(MaxPool2x2.block())
                .add(Activation::relu)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(12).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(4).build());
        block.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
        return block;
    }

    private static void assertEverythingOn(Device device, Learner learner, String arm) {
        learner.block()
                .getParameters()
                .forEach(p ->
                        assertEquals(device, p.getValue().getArray().getDevice(), arm + ": parameter " + p.getKey()));
        for (Map.Entry<String, StatefulOptimizer> optimizer :
                learner.optimizers().entrySet()) {
            optimizer
                    .getValue()
                    .slots()
                    .forEach((slot, arrays) -> arrays.forEach((id, array) -> assertEquals(
                            device,
                            array.getDevice(),
                            arm + ": optimizer " + optimizer.getKey() + " " + slot + " " + id)));
        }
        learner.recipe().hooks().forEach(hook -> {
            for (Map.Entry<String, NDArray> state : hook.state().entrySet()) {
                assertEquals(device, state.getValue().getDevice(), arm + ": state " + state.getKey());
            }
        });
    }
}
