package org.gentrain.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.testing.Arms;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;
import org.gentrain.train.Regularizer;
import org.gentrain.train.StepContext;
import org.gentrain.train.TrainingHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyRegularizerTest {

    private static final ImageSet DATA = SyntheticImages.squares(64, 28, 10, 5);

    @TempDir
    Path dir;

    private static Learner learner(Recipe recipe, TrainingHook... hooks) {
        Learner.Builder builder = Learner.builder()
                .setModel(Mlp.create(10, 16, 8))
                .setInputShape(DATA.imageShape())
                .optRecipe(recipe)
                .optSeed(3)
                .optBatchSize(16)
                .optDevice(Device.cpu());
        for (TrainingHook hook : hooks) {
            builder.addHook(hook);
        }
        return builder.build();
    }

    /** Runs one step and compares the regulariser's penalty with {@code expected} at that step. */
    private static void assertPenalty(
            Regularizer regularizer, BiFunction<StepContext, List<EnergyLayer>, Double> expected) {
        double[] seen = new double[2];
        try (Learner learner = learner(Recipe.erm().with(regularizer), new TrainingHook() {
            @Override
            public void onStepEnd(StepContext step) {
                if (step.batchIndex() == 0) {
                    seen[0] = regularizer.penalty(step).getFloat();
                    seen[1] = expected.apply(step, EnergyLayer.of(step.learner().block()));
                }
            }
        })) {
            learner.trainEpoch(DATA, 1);
        }
        assertEquals(seen[1], seen[0], 1e-5 * Math.abs(seen[1]));
        assertTrue(seen[1] > 0);
    }

    private static double energy(NDArray neurons, boolean halfSpace) {
        return HypersphericalEnergy.builder()
                .optHalfSpace(halfSpace)
                .build()
                .energy(neurons)
                .getFloat();
    }

    @Test
    void defaultPenaltyIsLambdaTimesHalfSpaceHiddenEnergiesPlusTenTimesPlainOutputEnergy() {
        assertPenalty(EnergyRegularizer.builder().optLambda(0.5).build(), (step, layers) -> {
            assertEquals(
                    List.of("fc1", "fc2", "fc3"),
                    layers.stream().map(EnergyLayer::name).toList());
            return 0.5
                    * (energy(layers.get(0).neurons().get(), true)
                            + energy(layers.get(1).neurons().get(), true)
                            + 10 * energy(layers.get(2).neurons().get(), false));
        });
    }

    @Test
    void layerSettingsOverrideTheDefaults() {
        EnergyRegularizer regularizer = EnergyRegularizer.builder()
                .optLambda(2)
                .optLayer("fc1", EnergyRegularizer.LayerSetting.off())
                .optLayer("fc3", EnergyRegularizer.LayerSetting.of(true, 3))
                .build();
        assertPenalty(
                regularizer,
                (step, layers) -> 2
                        * (energy(layers.get(1).neurons().get(), true)
                                + 3 * energy(layers.get(2).neurons().get(), true)));
    }

    @Test
    void angularPowersUseTheAuthorsLayerScales() {
        assertEquals(
                EnergyRegularizer.LayerSetting.of(true, 0.1), EnergyRegularizer.hiddenDefault(EnergyPower.ANGULAR_2));
        assertEquals(
                EnergyRegularizer.LayerSetting.of(false, 1), EnergyRegularizer.outputDefault(EnergyPower.ANGULAR_1));
        assertEquals(
                EnergyRegularizer.LayerSetting.of(true, 1), EnergyRegularizer.hiddenDefault(EnergyPower.ANGULAR_0));
    }

    @Test
    void fixedRandomProjectionsGiveTheMeanProjectedEnergyAndLeaveTheFirstLayerUnprojected() {
        RandomProjections projections = RandomProjections.builder()
                .optDims(4)
                .optProjections(3)
                .optFixed(true)
                .build();
        EnergyRegularizer regularizer = EnergyRegularizer.builder()
                .optLambda(1)
                .optProjection(projections)
                .build();
        assertEquals("comhe-rp", regularizer.name());
        assertPenalty(regularizer, (step, layers) -> {
            assertEquals(null, projections.projections(0, step));
            double sum = energy(layers.get(0).neurons().get(), true);
            HypersphericalEnergy half =
                    HypersphericalEnergy.builder().optHalfSpace(true).build();
            sum += half.energy(layers.get(1).neurons().get(), projections.projections(1, step))
                    .getFloat();
            HypersphericalEnergy plain = HypersphericalEnergy.builder().build();
            sum += 10
                    * plain.energy(layers.get(2).neurons().get(), projections.projections(2, step))
                            .getFloat();
            return sum;
        });
    }

    @Test
    void groupVariantUsesOneProjectionPerGroupOfNeurons() {
        RandomProjections group =
                RandomProjections.builder().optDims(4).optGroupSize(4).build();
        try (Learner learner = learner(Recipe.erm()
                .with(EnergyRegularizer.builder().optProjection(group).build()))) {
            assertEquals("comhe-group", learner.recipe().regularizers().get(0).name());
            assertEquals(List.of(0, 2, 2), List.of(group.copies(0), group.copies(1), group.copies(2)));
        }
    }

    @Test
    void unknownLayerInASettingIsNamedWithTheModelsLayers() {
        Regularizer regularizer = EnergyRegularizer.builder()
                .optLayer("conv9", EnergyRegularizer.LayerSetting.off())
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> learner(Recipe.erm().with(regularizer)).close());
        assertEquals(
                "layer setting for 'conv9' matches no layer of the model; its layers are [fc1, fc2, fc3]",
                e.getMessage());
    }

    /** An objective that leaves the network alone and records a number each step. */
    private static Objective watching(java.util.function.ToDoubleFunction<StepContext> measure, List<Double> seen) {
        return new Objective() {
            @Override
            public String name() {
                return "watch";
            }

            @Override
            public NDArray step(StepContext step) {
                seen.add(measure.applyAsDouble(step));
                return step.manager().create(0f);
            }
        };
    }

    @Test
    void anglePreservingProjectionsLearnToKeepThePairwiseAngles() {
        AnglePreservingProjection ap = new AnglePreservingProjection(4, 2, 3, 0.05);
        List<Double> mismatch = new ArrayList<>();
        Objective watch = watching(
                step -> {
                    NDArray w = EnergyLayer.of(step.learner().block())
                            .get(1)
                            .neurons()
                            .get();
                    return ap.objective(w, ap.current(1), step.manager().create(1e-4f))
                            .getFloat();
                },
                mismatch);
        Recipe recipe = new Recipe(
                watch, List.of(EnergyRegularizer.builder().optProjection(ap).build()), List.of());
        try (Learner learner = learner(recipe)) {
            learner.trainEpoch(DATA);
        }
        assertTrue(mismatch.get(mismatch.size() - 1) < 0.8 * mismatch.get(0), mismatch.toString());
    }

    @Test
    void adversarialProjectionsRaiseTheProjectedEnergy() {
        HypersphericalEnergy half =
                HypersphericalEnergy.builder().optHalfSpace(true).build();
        AdversarialProjection adversary = new AdversarialProjection(4, 2, 3, 0.05, half);
        List<Double> energies = new ArrayList<>();
        Objective watch = watching(
                step -> half.energy(
                                EnergyLayer.of(step.learner().block())
                                        .get(1)
                                        .neurons()
                                        .get(),
                                adversary.current(1))
                        .getFloat(),
                energies);
        Recipe recipe = new Recipe(
                watch,
                List.of(EnergyRegularizer.builder().optProjection(adversary).build()),
                List.of());
        try (Learner learner = learner(recipe)) {
            learner.trainEpoch(DATA);
        }
        assertTrue(energies.get(energies.size() - 1) > energies.get(0), energies.toString());
    }

    @Test
    void learnedProjectionsAreRestoredFromACheckpoint() throws Exception {
        Path file = dir.resolve("ap.ckpt");
        float[] saved;
        try (Learner learner =
                learner(Arms.recipe("erm+comhe-ap", ArmOptions.defaults().with("dims", 4)))) {
            learner.trainEpoch(DATA, 2);
            Checkpoint.save(learner, file);
            EnergyRegularizer r =
                    (EnergyRegularizer) learner.recipe().regularizers().get(0);
            saved = ((AnglePreservingProjection) r.projection()).current(1).toFloatArray();
        }
        try (Learner learner =
                learner(Arms.recipe("erm+comhe-ap", ArmOptions.defaults().with("dims", 4)))) {
            Checkpoint.restore(learner, file);
            EnergyRegularizer r =
                    (EnergyRegularizer) learner.recipe().regularizers().get(0);
            assertArrayEquals(
                    saved,
                    ((AnglePreservingProjection) r.projection()).current(1).toFloatArray());
        }
    }

    @Test
    void everyCatalogEnergyArmTrainsTheSmallCnnWithFiniteLoss() {
        for (String name : List.of("mhe", "comhe-rp", "comhe-group", "comhe-ap", "comhe-adv")) {
            ArmOptions small = ArmOptions.defaults()
                    .with("power", "a1")
                    .with("dims", 8)
                    .with("projections", 2)
                    .with("group-size", 32)
                    .with("projection-steps", 1);
            org.gentrain.arms.ArmPart part =
                    org.gentrain.arms.ArmRegistry.global().part(name);
            java.util.Map<String, String> own = new java.util.TreeMap<>(small.asMap());
            own.keySet().removeIf(key -> !part.accepts(key));
            Recipe recipe = Arms.recipe("erm+" + name, ArmOptions.of(own));
            assertEquals("erm+" + name, recipe.name());
            try (Learner learner = Learner.builder()
                    .setModel(SmallCnn.create())
                    .setInputShape(DATA.imageShape())
                    .optRecipe(recipe)
                    .optSeed(1)
                    .optBatchSize(16)
                    .optDevice(Device.cpu())
                    .build()) {
                EpochResult epoch = learner.trainEpoch(DATA, 2);
                assertTrue(Double.isFinite(epoch.meanLoss()), name + " " + epoch.meanLoss());
            }
        }
    }

    @Test
    void catalogRejectsBadEnergySettingsWithTheirRange() {
        assertEquals(
                "arm 'mhe': lambda must be a number in [0, 1000000], was '-1'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe("mhe", ArmOptions.defaults().with("lambda", "-1")))
                        .getMessage());
        assertEquals(
                "arm 'comhe-rp': power must be one of 0, 1, 2, a0, a1, a2, was '3'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "comhe-rp", ArmOptions.defaults().with("power", "3")))
                        .getMessage());
        assertEquals(
                "arm 'comhe-rp': dims must be an integer in [1, 1000000], was '0'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "comhe-rp", ArmOptions.defaults().with("dims", "0")))
                        .getMessage());
        assertEquals(
                "arm 'comhe-ap': projections must be an integer in [1, 10000], was '0'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "comhe-ap", ArmOptions.defaults().with("projections", "0")))
                        .getMessage());
        assertEquals(
                "arm 'comhe-group': group-size must be an integer in [1, 1000000], was '0'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "comhe-group", ArmOptions.defaults().with("group-size", "0")))
                        .getMessage());
        assertEquals(
                "arm 'comhe-adv': projection-steps must be an integer in [1, 1000], was '0'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "comhe-adv", ArmOptions.defaults().with("projection-steps", "0")))
                        .getMessage());
    }
}
