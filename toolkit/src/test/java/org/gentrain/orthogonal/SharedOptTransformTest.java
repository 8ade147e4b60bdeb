package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.Learner;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A recipe is a value: one {@link OptTransform} (one {@link Recipe}) given to several learners in
 * turn trains each of them exactly as a transform of its own would; the transform keeps nothing of
 * one run for the next (each run's state is bound to its learner, or lives in its model). The
 * learner itself refuses a recipe that another open learner holds.
 */
class SharedOptTransformTest {

    private static final ImageSet DATA = SyntheticImages.squares(64, 12, 4, 3);
    private static final int EPOCHS = 2;
    private static final int STEPS = 2;

    @TempDir
    Path dir;

    private static Learner learner(Recipe recipe, long seed) {
        return Learner.builder()
                .setModel(OptTrainingTest.tinyCnn())
                .setInputShape(DATA.imageShape())
                .optRecipe(recipe)
                .optSeed(seed)
                .optBatchSize(16)
                .build();
    }

    private static Recipe recipe(String method) {
        return Recipe.erm().with(OptTransform.of(method, ArmOptions.defaults().with("block-size", 8)));
    }

    /** The step losses of {@code EPOCHS} epochs of {@code STEPS} steps of a learner with a recipe of its own. */
    private static float[] alone(String method, long seed) {
        try (Learner learner = learner(recipe(method), seed)) {
            List<Float> losses = new ArrayList<>();
            for (int e = 0; e < EPOCHS; e++) {
                losses.add((float) learner.trainEpoch(DATA, STEPS).meanLoss());
            }
            return toArray(losses);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cayley", "ogd", "soft", "stochastic"})
    void learnersTrainingOneAfterAnotherWithOneRecipeTrainAsIfAlone(String method) {
        Recipe shared = recipe(method);
        for (long seed : new long[] {21, 22, 21}) {
            float[] expected = alone(method, seed);
            List<Float> losses = new ArrayList<>();
            try (Learner learner = learner(shared, seed)) {
                for (int e = 0; e < EPOCHS; e++) {
                    losses.add((float) learner.trainEpoch(DATA, STEPS).meanLoss());
                }
            }
            assertArrayEquals(expected, toArray(losses), 0f, method + ", seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ogd", "stochastic"})
    void aCheckpointResumesItsRunExactlyAfterTheRecipeServedAnotherRun(String method) {
        Path file = dir.resolve(method + ".ckpt");
        Recipe shared = recipe(method);
        float continued;
        try (Learner first = learner(shared, 31)) {
            first.trainEpoch(DATA, STEPS);
            Checkpoint.save(first, file);
            continued = (float) first.trainEpoch(DATA, STEPS).meanLoss();
        }
        try (Learner other = learner(shared, 32)) {
            other.trainEpoch(DATA, STEPS);
        }
        try (Learner resumed = learner(shared, 31)) {
            Checkpoint.restore(resumed, file);
            assertEquals(continued, (float) resumed.trainEpoch(DATA, STEPS).meanLoss(), 0f);
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
