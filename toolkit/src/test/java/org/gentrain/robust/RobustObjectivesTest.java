package org.gentrain.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The baselines train a tiny model: the loss falls, runs are reproducible, settings are checked. */
class RobustObjectivesTest {

    private static final PixelSpace SPACE = PixelSpace.of(PixelImages.NORMALIZATION);
    private static final ImageSet TRAIN = PixelImages.squares(192, 8, 4, 31);

    private static double[] epochLosses(Objective objective, int epochs) {
        try (Learner learner = Learner.builder()
                .setModel(Mlp.create(4, 32))
                .setInputShape(TRAIN.imageShape())
                .optRecipe(Recipe.of(objective))
                .optBatchSize(32)
                .optSeed(6)
                .build()) {
            double[] losses = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                losses[e] = learner.trainEpoch(TRAIN).meanLoss();
            }
            return losses;
        }
    }

    @Test
    void gaussianAugmentationTrainsATinyModelReproducibly() {
        GaussianAugmentation objective =
                GaussianAugmentation.builder().optSigma(0.25).build();
        double[] losses = epochLosses(objective, 3);
        assertTrue(losses[2] < 0.7 * losses[0], java.util.Arrays.toString(losses));
        assertEquals(losses[0], epochLosses(objective, 1)[0], 0, "the same seed draws the same noise");
    }

    @Test
    void aPixelUnitSigmaIsSigmaOverStdInNormalisedUnits() {
        // PixelImages' std is 0.4: 0.1 in pixel units is 0.25 in normalised units.
        double[] pixelUnits = epochLosses(
                GaussianAugmentation.builder()
                        .optSigma(0.1)
                        .optPixelSpace(SPACE)
                        .build(),
                2);
        double[] normalisedUnits =
                epochLosses(GaussianAugmentation.builder().optSigma(0.25).build(), 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(normalisedUnits, pixelUnits, 1e-5);
    }

    @Test
    void pgdAdversarialTrainingTrainsATinyModel() {
        AdversarialTraining objective = AdversarialTraining.builder()
                .setPixelSpace(SPACE)
                .optEps(0.1)
                .optSteps(2)
                .build();
        double[] losses = epochLosses(objective, 3);
        assertTrue(losses[2] < 0.85 * losses[0], java.util.Arrays.toString(losses));
    }

    @Test
    void neitherObjectiveKeepsArraysBetweenSteps() {
        Objective[] objectives = {
            GaussianAugmentation.builder().build(),
            AdversarialTraining.builder().setPixelSpace(SPACE).optSteps(2).build()
        };
        for (Objective objective : objectives) {
            try (Learner learner = Learner.builder()
                    .setModel(Mlp.create(4, 16))
                    .setInputShape(TRAIN.imageShape())
                    .optRecipe(Recipe.of(objective))
                    .optBatchSize(32)
                    .build()) {
                learner.trainEpoch(TRAIN, 2);
                int before = learner.manager().getManagedArrays().size();
                learner.trainEpoch(TRAIN, 3);
                assertEquals(before, learner.manager().getManagedArrays().size(), objective.name());
            }
        }
    }

    @Test
    void defaultsAreDocumented() {
        assertEquals(0.25, GaussianAugmentation.builder().build().sigma(), 0);
        Attack attack =
                AdversarialTraining.builder().setPixelSpace(SPACE).build().attack();
        assertEquals(0.1, attack.eps(), 0);
        assertEquals(7, attack.steps());
        assertEquals(2.5 * 0.1 / 7, attack.stepSize(), 1e-12);
        assertTrue(attack.randomStart());
        assertEquals(Attack.Selection.LAST, attack.selection());
        assertEquals("gauss-aug", GaussianAugmentation.builder().build().name());
        assertEquals(
                "pgd-at",
                AdversarialTraining.builder().setPixelSpace(SPACE).build().name());
    }

    private static void assertOneLineError(String expectedPart, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badSettingsAreOneLineErrorsNamingTheParameter() {
        assertOneLineError(
                "sigma must be > 0, was 0",
                () -> GaussianAugmentation.builder().optSigma(0).build());
        assertOneLineError(
                "pixelSpace must be set", () -> AdversarialTraining.builder().build());
        assertOneLineError(
                "steps must be >= 1, was 0",
                () -> AdversarialTraining.builder()
                        .setPixelSpace(SPACE)
                        .optSteps(0)
                        .build());
        assertOneLineError(
                "eps must be in [0, 1], was 1.5",
                () -> AdversarialTraining.builder()
                        .setPixelSpace(SPACE)
                        .optEps(1.5)
                        .build());
        assertOneLineError(
                "images must have 3 channels for this normalisation",
                () -> AdversarialTraining.builder()
                        .setPixelSpace(PixelSpace.of(org.gentrain.data.KnownDataset.CIFAR10))
                        .build()
                        .checkInputShape(new Shape(1, 28, 28)));
    }
}
