package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
 * A recipe is a value: one {@link OptTransform} (one {@link Recipe}) given to several learners
 * trains each of them exactly as a transform of its own would, whether the learners train one
 * after the other or in turns.
 */
class SharedOptTransformTest {

    private static final ImageSet DATA = SyntheticImages.squares(64, 12, 4, 3);
    private static final int EPOCHS = 2;
    private static final int STEPS = 2;

    @TempDir Path dir;

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
    void twoLearnersTrainingInTurnsWithOneRecipeTrainAsIfAlone(String method) {
        float[] expectedA = alone(method, 21);
        float[] expectedB = alone(method, 22);
        Recipe shared = recipe(method);
        List<Float> a = new ArrayList<>();
        List<Float> b = new ArrayList<>();
        try (Learner first = learner(shared, 21); Learner second = learner(shared, 22)) {
            for (int e = 0; e < EPOCHS; e++) {
                a.add((float) first.trainEpoch(DATA, STEPS).meanLoss());
                b.add((float) second.trainEpoch(DATA, STEPS).meanLoss());
            }
        }
        assertArrayEquals(expectedA, toArray(a), 0f, method + ": the first learner");
        assertArrayEquals(expectedB, toArray(b), 0f, method + ": the second learner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ogd", "stochastic"})
    void aLearnerBuiltAfterAnotherFinishedTrainsAsIfAlone(String method) {
        float[] expected = alone(method, 23);
        Recipe shared = recipe(method);
        try (Learner earlier = learner(shared, 5)) {
            earlier.trainEpoch(DATA, STEPS);
        }
        List<Float> losses = new ArrayList<>();
        try (Learner later = learner(shared, 23)) {
            for (int e = 0; e < EPOCHS; e++) {
                losses.add((float) later.trainEpoch(DATA, STEPS).meanLoss());
            }
        }
        assertArrayEquals(expected, toArray(losses), 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ogd", "stochastic"})
    void aCheckpointOfOneOfTwoLearnersWithOneRecipeResumesThatLearner(String method) {
        Path file = dir.resolve(method + ".ckpt");
        Recipe shared = recipe(method);
        float[] continued;
        float[] resumed;
        try (Learner first = learner(shared, 31); Learner second = learner(shared, 32)) {
            first.trainEpoch(DATA, STEPS);
            second.trainEpoch(DATA, STEPS);
            Checkpoint.save(first, file);
            continued = new float[] {(float) first.trainEpoch(DATA, STEPS).meanLoss()};
        }
        try (Learner restored = learner(recipe(method), 31)) {
            Checkpoint.restore(restored, file);
            resumed = new float[] {(float) restored.trainEpoch(DATA, STEPS).meanLoss()};
        }
        assertArrayEquals(continued, resumed, 0f);
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
