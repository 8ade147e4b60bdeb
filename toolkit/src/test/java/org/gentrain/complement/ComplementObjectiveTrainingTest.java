package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.testing.Arms;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.MomentumSgd;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.gentrain.train.StatefulOptimizer;
import org.gentrain.train.StepContext;
import org.gentrain.train.TrainingHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The COT and GCE objectives inside the Learner: their optimizer steps and short real trainings. */
class ComplementObjectiveTrainingTest {

    private static final ImageSet DATA = SyntheticImages.squares(256, 12, 10, 5);

    private static Learner learner(Objective objective) {
        return Learner.builder()
                .setModel(Mlp.create(10, 64))
                .setInputShape(DATA.imageShape())
                .optRecipe(Recipe.of(objective))
                .optOptimizer(OptimizerSettings.PROTOCOL.withLearningRate(0.02f))
                .optBatchSize(32)
                .optSeed(3)
                .optDevice(Device.cpu())
                .build();
    }

    /** Records, for every update of every parameter, which optimizer instance made it. */
    private static List<Optimizer> recordUpdates(Learner learner) {
        List<Optimizer> calls = new ArrayList<>();
        String first = learner.trainableParameters().get(0).getId();
        for (var parameter : learner.trainableParameters()) {
            String id = parameter.getId();
            learner.overrideUpdate(id, (pid, weight, grad, optimizer) -> {
                if (pid.equals(first)) {
                    calls.add(optimizer);
                }
                optimizer.update(pid, weight, grad);
            });
        }
        return calls;
    }

    @Test
    void cotTakesExactlyTwoOptimizerStepsPerBatchWithTwoOptimizers() {
        try (Learner learner = learner(ComplementObjectiveTraining.builder().build())) {
            List<Optimizer> calls = recordUpdates(learner);
            learner.trainEpoch(DATA, 3);
            StatefulOptimizer primary = learner.optimizers().get(Learner.PRIMARY);
            StatefulOptimizer complement = learner.optimizers().get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER);
            assertEquals(
                    List.of(Learner.PRIMARY, ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER),
                    List.copyOf(learner.optimizers().keySet()));
            assertNotSame(primary, complement);
            assertEquals(List.of(primary, complement, primary, complement, primary, complement), calls);
        }
    }

    @Test
    void cotOptimizersKeepSeparateMomentumStates() {
        try (Learner learner = learner(ComplementObjectiveTraining.builder().build())) {
            learner.trainEpoch(DATA, 2);
            Map<String, NDArray> primary =
                    learner.optimizers().get(Learner.PRIMARY).slots().get(MomentumSgd.VELOCITY);
            Map<String, NDArray> complement = learner.optimizers()
                    .get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER)
                    .slots()
                    .get(MomentumSgd.VELOCITY);
            assertEquals(learner.trainableParameters().size(), primary.size());
            assertEquals(primary.keySet(), complement.keySet());
            for (String id : primary.keySet()) {
                assertNotSame(primary.get(id), complement.get(id), id);
                float difference =
                        primary.get(id).sub(complement.get(id)).abs().max().getFloat();
                assertTrue(difference > 1e-6f, id + " velocities differ by " + difference);
            }
        }
    }

    @Test
    void complementOptimizerCanHaveItsOwnSettings() {
        OptimizerSettings slow = new OptimizerSettings(0.001f, 0.5f, 0f);
        try (Learner learner = learner(ComplementObjectiveTraining.builder()
                .optComplementOptimizer(slow)
                .build())) {
            assertEquals(
                    slow,
                    learner.optimizers()
                            .get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER)
                            .settings());
            assertEquals(
                    OptimizerSettings.PROTOCOL.withLearningRate(0.02f),
                    learner.optimizers().get(Learner.PRIMARY).settings());
            learner.trainEpoch(DATA, 1);
            assertEquals(
                    0.001f,
                    learner.optimizer(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER)
                            .learningRate());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> learner.optimizer(
                            ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER, OptimizerSettings.PROTOCOL));
            assertTrue(e.getMessage().startsWith("optimizer 'complement' exists with settings"), e.getMessage());
        }
    }

    @Test
    void singleStepVariantTakesOneStepPerBatchWithThePrimaryOptimizer() {
        try (Learner learner =
                learner(ComplementObjectiveTraining.builder().optSingleStep(1.0).build())) {
            List<Optimizer> calls = recordUpdates(learner);
            learner.trainEpoch(DATA, 3);
            StatefulOptimizer primary = learner.optimizers().get(Learner.PRIMARY);
            assertEquals(List.of(primary, primary, primary), calls);
            assertEquals(
                    List.of(Learner.PRIMARY), List.copyOf(learner.optimizers().keySet()));
        }
    }

    @Test
    void gceTakesOneStepPerBatch() {
        try (Learner learner = learner(new GuidedComplementObjective())) {
            List<Optimizer> calls = recordUpdates(learner);
            learner.trainEpoch(DATA, 2);
            assertEquals(2, calls.size());
            assertSame(learner.optimizers().get(Learner.PRIMARY), calls.get(0));
        }
    }

    private static void trainsWithFiniteFallingLoss(String arm, ArmOptions options) {
        try (Learner learner = learner(Arms.recipe(arm, options).objective())) {
            List<Double> losses = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                EpochResult result = learner.trainEpoch(DATA);
                assertTrue(Double.isFinite(result.meanLoss()), arm + " loss " + result.meanLoss());
                losses.add(result.meanLoss());
            }
            assertTrue(losses.get(3) < losses.get(0), arm + " epoch losses " + losses);
            double accuracy = learner.evaluate(DATA);
            assertTrue(accuracy > 0.5, arm + " accuracy " + accuracy + " (chance 0.1)");
        }
    }

    @Test
    void cotTrainsWithFiniteFallingLoss() {
        trainsWithFiniteFallingLoss("cot", ArmOptions.defaults());
    }

    @Test
    void cotSingleTrainsWithFiniteFallingLoss() {
        trainsWithFiniteFallingLoss("cot-single", ArmOptions.defaults().with("gamma", 0.5));
    }

    @Test
    void gceTrainsWithFiniteFallingLoss() {
        trainsWithFiniteFallingLoss("gce", ArmOptions.defaults().with("alpha", 0.2));
    }

    @Test
    void armCatalogNamesTheObjectivesAndPassesTheirSettings() {
        assertTrue(org.gentrain.arms.ArmRegistry.global().names().containsAll(List.of("cot", "cot-single", "gce")));
        assertEquals("cot", Arms.recipe("cot", ArmOptions.defaults()).name());
        assertEquals(
                "cot-single", Arms.recipe("cot-single", ArmOptions.defaults()).name());
        GuidedComplementObjective gce = (GuidedComplementObjective)
                Arms.recipe("gce", ArmOptions.defaults().with("alpha", 0.5)).objective();
        assertEquals(0.5, gce.loss().alpha());
        assertEquals(
                0.2,
                ((GuidedComplementObjective)
                                Arms.recipe("gce", ArmOptions.defaults()).objective())
                        .loss()
                        .alpha());
        assertFalse(((ComplementObjectiveTraining)
                        Arms.recipe("cot", ArmOptions.defaults()).objective())
                .singleStep());
    }

    @Test
    void nonPositiveGammaIsRejectedWhenBuilt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Arms.recipe("cot-single", ArmOptions.defaults().with("gamma", -1)));
        assertEquals("arm 'cot-single': gamma must be a number in (0, 1000], was '-1'", e.getMessage());
    }

    @Test
    void complementOptimizerSettingsWithSingleStepAreRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ComplementObjectiveTraining.builder()
                        .optSingleStep(1)
                        .optComplementOptimizer(OptimizerSettings.PROTOCOL)
                        .build());
        assertEquals("complementOptimizer applies to alternating COT only, not with gamma = 1.0", e.getMessage());
    }

    private static List<Float> cotLosses(Path checkpoint, boolean resume, int epochs) {
        List<Float> losses = new ArrayList<>();
        try (Learner learner = Learner.builder()
                .setModel(Mlp.create(10, 64))
                .setInputShape(DATA.imageShape())
                .optRecipe(Recipe.of(ComplementObjectiveTraining.builder().build()))
                .optBatchSize(64)
                .optSeed(8)
                .optDevice(Device.cpu())
                .addHook(new TrainingHook() {
                    @Override
                    public void onStepEnd(StepContext step) {
                        losses.add(step.loss());
                    }
                })
                .build()) {
            if (resume) {
                Checkpoint.restore(learner, checkpoint);
            }
            for (int e = learner.epochsCompleted(); e < epochs; e++) {
                learner.trainEpoch(DATA);
                if (!resume && e == 0) {
                    Checkpoint.save(learner, checkpoint);
                }
            }
        }
        return losses;
    }

    @Test
    void cotResumedFromACheckpointRepeatsTheUninterruptedRunWithBothOptimizerStates(@TempDir Path dir) {
        Path file = dir.resolve("cot.ckpt");
        List<Float> uninterrupted = cotLosses(file, false, 3);
        List<Float> resumed = cotLosses(file, true, 3);
        assertEquals(12, uninterrupted.size());
        assertEquals(uninterrupted.subList(4, 12), resumed);
    }

    @Test
    void guidedComplementEntropyTrainsInAPlainDjlTrainer() throws Exception {
        try (Model model = Model.newInstance("gce-djl", Device.cpu())) {
            model.setBlock(Mlp.create(10, 64));
            NDManager manager = model.getNDManager();
            ArrayDataset dataset = new ArrayDataset.Builder()
                    .setData(DATA.imagesArray(manager))
                    .optLabels(DATA.labelsArray(manager).toType(DataType.FLOAT32, false))
                    .setSampling(32, false)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(new GuidedComplementEntropy())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.1f))
                            .build())
                    .optDevices(new Device[] {Device.cpu()});
            List<Float> losses = new ArrayList<>();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1).addAll(DATA.imageShape()));
                for (int epoch = 0; epoch < 3; epoch++) {
                    for (Batch batch : trainer.iterateDataset(dataset)) {
                        try (batch) {
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray logits =
                                        trainer.forward(batch.getData()).head();
                                NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), new NDList(logits));
                                collector.backward(loss);
                                losses.add(loss.getFloat());
                            }
                            trainer.step();
                        }
                    }
                }
            }
            assertEquals(24, losses.size());
            losses.forEach(l -> assertTrue(Float.isFinite(l), "loss " + l));
            float first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
            float last = (losses.get(21) + losses.get(22) + losses.get(23)) / 3;
            assertTrue(last < first, "GCE falls: first batches " + first + ", last " + last);
        }
    }
}
