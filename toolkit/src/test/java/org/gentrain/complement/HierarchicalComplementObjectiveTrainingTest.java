package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gentrain.data.ImageSet;
import org.gentrain.data.LabelGroups;
import org.gentrain.models.Mlp;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.MomentumSgd;
import org.gentrain.train.Objective;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.gentrain.train.StatefulOptimizer;
import org.junit.jupiter.api.Test;

/** HCOT inside the Learner: two optimizer steps per batch with two optimizers, and a short real training. */
class HierarchicalComplementObjectiveTrainingTest {

    private static final ImageSet DATA = SyntheticImages.squares(256, 12, 10, 5);

    private static Learner learner(Objective objective, int classes) {
        return Learner.builder()
                .setModel(Mlp.create(classes, 64))
                .setInputShape(DATA.imageShape())
                .optRecipe(Recipe.of(objective))
                .optOptimizer(OptimizerSettings.PROTOCOL.withLearningRate(0.02f))
                .optBatchSize(32)
                .optSeed(3)
                .optDevice(Device.cpu())
                .build();
    }

    private static HierarchicalComplementObjectiveTraining hcot() {
        return HierarchicalComplementObjectiveTraining.builder()
                .setGroups(LabelGroups.fashionMnist())
                .build();
    }

    @Test
    void hcotTakesTwoOptimizerStepsPerBatchWithTwoOptimizers() {
        try (Learner learner = learner(hcot(), 10)) {
            List<Optimizer> calls = new ArrayList<>();
            String first = learner.trainableParameters().get(0).getId();
            for (var parameter : learner.trainableParameters()) {
                learner.overrideUpdate(parameter.getId(), (pid, weight, grad, optimizer) -> {
                    if (pid.equals(first)) {
                        calls.add(optimizer);
                    }
                    optimizer.update(pid, weight, grad);
                });
            }
            learner.trainEpoch(DATA, 2);
            StatefulOptimizer primary = learner.optimizers().get(Learner.PRIMARY);
            StatefulOptimizer complement = learner.optimizers().get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER);
            assertNotSame(primary, complement);
            assertEquals(List.of(primary, complement, primary, complement), calls);
        }
    }

    @Test
    void complementOptimizerKeepsItsOwnMomentumState() {
        try (Learner learner = learner(hcot(), 10)) {
            learner.trainEpoch(DATA, 2);
            Map<String, NDArray> primary =
                    learner.optimizers().get(Learner.PRIMARY).slots().get(MomentumSgd.VELOCITY);
            Map<String, NDArray> complement = learner.optimizers()
                    .get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER)
                    .slots()
                    .get(MomentumSgd.VELOCITY);
            assertEquals(learner.trainableParameters().size(), complement.size());
            for (String id : primary.keySet()) {
                float difference =
                        primary.get(id).sub(complement.get(id)).abs().max().getFloat();
                assertTrue(difference > 1e-6f, id + " velocities differ by " + difference);
            }
        }
    }

    @Test
    void complementOptimizerCanHaveItsOwnSettings() {
        OptimizerSettings slow = new OptimizerSettings(0.001f, 0.5f, 0f);
        try (Learner learner = learner(
                HierarchicalComplementObjectiveTraining.builder()
                        .setGroups(LabelGroups.fashionMnist())
                        .optComplementOptimizer(slow)
                        .build(),
                10)) {
            assertEquals(
                    slow,
                    learner.optimizers()
                            .get(ComplementObjectiveTraining.COMPLEMENT_OPTIMIZER)
                            .settings());
        }
    }

    @Test
    void hcotTrainsATinyModelWithFallingLoss() {
        try (Learner learner = learner(hcot(), 10)) {
            List<Double> losses = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                EpochResult result = learner.trainEpoch(DATA);
                assertTrue(Double.isFinite(result.meanLoss()), "loss " + result.meanLoss());
                losses.add(result.meanLoss());
            }
            assertTrue(losses.get(3) < losses.get(0), "epoch losses " + losses);
            double accuracy = learner.evaluate(DATA);
            assertTrue(accuracy > 0.5, "accuracy " + accuracy + " (chance 0.1)");
        }
    }

    @Test
    void groupsOfAnotherClassCountThanTheModelAreRejectedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner(hcot(), 12));
        assertEquals("groups map 10 classes but the model's output (1, 12) has 12 classes", e.getMessage());
    }

    @Test
    void groupsAreRequired() {
        assertEquals(
                "groups must be set",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> HierarchicalComplementObjectiveTraining.builder()
                                        .build())
                        .getMessage());
        assertEquals("hcot", hcot().name());
    }
}
