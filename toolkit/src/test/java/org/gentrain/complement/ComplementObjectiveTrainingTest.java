package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gentrain.ablation.ArmCatalog;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.MomentumSgd;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;

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
            MomentumSgd primary = learner.optimizers().get(Learner.PRIMARY);
            MomentumSgd complement = learner.optimizers().get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER);
            assertEquals(List.of(Learner.PRIMARY, ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER),
                    List.copyOf(learner.optimizers().keySet()));
            assertNotSame(primary, complement);
            assertEquals(List.of(primary, complement, primary, complement, primary, complement), calls);
        }
    }

    @Test
    void cotOptimizersKeepSeparateMomentumStates() {
        try (Learner learner = learner(ComplementObjectiveTraining.builder().build())) {
            learner.trainEpoch(DATA, 2);
            Map<String, NDArray> primary = learner.optimizers().get(Learner.PRIMARY).state();
            Map<String, NDArray> complement =
                    learner.optimizers().get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER).state();
            assertEquals(learner.trainableParameters().size(), primary.size());
            assertEquals(primary.keySet(), complement.keySet());
            for (String id : primary.keySet()) {
                assertNotSame(primary.get(id), complement.get(id), id);
                float difference = primary.get(id).sub(complement.get(id)).abs().max().getFloat();
                assertTrue(difference > 1e-6f, id + " velocities differ by " + difference);
            }
        }
    }

    @Test
    void complementOptimizerCanHaveItsOwnSettings() {
        OptimizerSettings slow = new OptimizerSettings(0.001f, 0.5f, 0f);
        try (Learner learner = learner(ComplementObjectiveTraining.builder().optComplementOptimizer(slow).build())) {
            assertEquals(slow, learner.optimizers().get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER).settings());
            assertEquals(OptimizerSettings.PROTOCOL.withLearningRate(0.02f),
                    learner.optimizers().get(Learner.PRIMARY).settings());
            learner.trainEpoch(DATA, 1);
            assertEquals(0.001f, learner.optimizer(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER).learningRate());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> learner.optimizer(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER,
                            OptimizerSettings.PROTOCOL));
            assertTrue(e.getMessage().startsWith("optimizer 'complement' exists with settings"), e.getMessage());
        }
    }

    @Test
    void singleStepVariantTakesOneStepPerBatchWithThePrimaryOptimizer() {
        try (Learner learner = learner(ComplementObjectiveTraining.builder().optSingleStep(1.0).build())) {
            List<Optimizer> calls = recordUpdates(learner);
            learner.trainEpoch(DATA, 3);
            MomentumSgd primary = learner.optimizers().get(Learner.PRIMARY);
            assertEquals(List.of(primary, primary, primary), calls);
            assertEquals(List.of(Learner.PRIMARY), List.copyOf(learner.optimizers().keySet()));
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
        try (Learner learner = learner(ArmCatalog.recipe(arm, options).objective())) {
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
        assertTrue(ArmCatalog.objectives().containsAll(List.of("cot", "cot-single", "gce")));
        assertEquals("cot", ArmCatalog.recipe("cot", ArmOptions.defaults()).name());
        assertEquals("cot-single", ArmCatalog.recipe("cot-single", ArmOptions.defaults()).name());
        GuidedComplementObjective gce = (GuidedComplementObjective)
                ArmCatalog.recipe("gce", ArmOptions.defaults().with("alpha", 0.5)).objective();
        assertEquals(0.5, gce.loss().alpha());
        assertEquals(0.2, ((GuidedComplementObjective)
                ArmCatalog.recipe("gce", ArmOptions.defaults()).objective()).loss().alpha());
        assertFalse(((ComplementObjectiveTraining) ArmCatalog.recipe("cot", ArmOptions.defaults()).objective())
                .singleStep());
    }

    @Test
    void nonPositiveGammaIsRejectedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArmCatalog.recipe("cot-single", ArmOptions.defaults().with("gamma", -1)));
        assertTrue(e.getMessage().startsWith("gamma must be in (0, "), e.getMessage());
        assertTrue(e.getMessage().endsWith(", was -1"), e.getMessage());
    }

    @Test
    void complementOptimizerSettingsWithSingleStepAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComplementObjectiveTraining.builder()
                        .optSingleStep(1).optComplementOptimizer(OptimizerSettings.PROTOCOL).build());
        assertEquals("complementOptimizer applies to alternating COT only, not with gamma = 1.0", e.getMessage());
    }
}
