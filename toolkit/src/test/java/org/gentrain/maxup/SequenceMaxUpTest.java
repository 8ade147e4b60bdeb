package org.gentrain.maxup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.text.EmbeddingNoise;
import org.gentrain.text.EmbeddingPerturbation;
import org.gentrain.text.FoundingDocuments;
import org.gentrain.text.LstmLanguageModel;
import org.gentrain.text.SequenceErm;
import org.gentrain.text.SequenceLearner;
import org.gentrain.text.SequenceObjective;
import org.gentrain.text.TextCorpus;
import org.gentrain.text.TokenWindows;
import org.gentrain.text.WordDropout;
import org.gentrain.train.EpochResult;
import org.junit.jupiter.api.Test;

/**
 * MaxUp on a language model: m = 1 is plain perturbed training, the exact and fast schedules
 * agree (the LSTM has no batch statistics), the worst copy's loss is at least a plain copy's, and
 * training lowers perplexity on the shipped text.
 */
class SequenceMaxUpTest {

    private static final TextCorpus CORPUS = FoundingDocuments.corpus();
    private static final TokenWindows TRAIN = new TokenWindows(CORPUS.train(), 8, 12);

    private static SequenceLearner learner(SequenceObjective objective) {
        return SequenceLearner.builder()
                .setModel(LstmLanguageModel.builder()
                        .setVocabularySize(CORPUS.vocabulary().size())
                        .optEmbeddingSize(16)
                        .optHiddenSize(16)
                        .build())
                .optObjective(objective)
                .optSeed(5)
                .optDevice(Device.cpu())
                .build();
    }

    /** The step losses and the final parameters after {@code steps} windows. */
    private record Run(float[] losses, List<float[]> parameters) {}

    private static Run run(SequenceObjective objective, int steps) {
        try (SequenceLearner learner = learner(objective)) {
            float[] losses = new float[steps];
            for (int s = 0; s < steps; s++) {
                // One window per epoch: the epoch's loss is that step's.
                losses[s] = (float) learner.trainEpoch(TRAIN, 1).meanLoss();
            }
            List<float[]> parameters = new ArrayList<>();
            for (Parameter p : learner.trainableParameters()) {
                parameters.add(p.getArray().toFloatArray());
            }
            return new Run(losses, parameters);
        }
    }

    private static void assertSameRun(Run expected, Run actual, float tolerance) {
        assertArrayEquals(expected.losses(), actual.losses(), tolerance, "step losses");
        assertEquals(expected.parameters().size(), actual.parameters().size());
        for (int i = 0; i < expected.parameters().size(); i++) {
            assertArrayEquals(expected.parameters().get(i), actual.parameters().get(i), tolerance, "parameter " + i);
        }
    }

    @Test
    void oneCopyIsPlainPerturbedTrainingInBothSchedules() {
        for (EmbeddingPerturbation perturbation : List.of(new EmbeddingNoise(0.3), new WordDropout(0.2))) {
            Run plain = run(SequenceErm.perturbed(perturbation), 3);
            for (MaxUp.Schedule schedule : MaxUp.Schedule.values()) {
                Run maxUp = run(
                        SequenceMaxUp.builder()
                                .optCopies(1)
                                .optPerturbation(perturbation)
                                .optSchedule(schedule)
                                .build(),
                        3);
                assertSameRun(plain, maxUp, 1e-6f);
            }
        }
    }

    @Test
    void exactAndFastSchedulesTakeTheSameStepsOnAnLstm() {
        Run exact = run(
                SequenceMaxUp.builder()
                        .optCopies(4)
                        .optSchedule(MaxUp.Schedule.EXACT)
                        .build(),
                3);
        Run fast = run(
                SequenceMaxUp.builder()
                        .optCopies(4)
                        .optSchedule(MaxUp.Schedule.FAST)
                        .build(),
                3);
        assertSameRun(exact, fast, 2e-5f);
    }

    @Test
    void theWorstOfFourCopiesLosesMoreThanOnePerturbedCopy() {
        EmbeddingNoise noise = new EmbeddingNoise(0.5);
        Run one = run(SequenceErm.perturbed(noise), 1);
        Run worst =
                run(SequenceMaxUp.builder().optCopies(4).optPerturbation(noise).build(), 1);
        assertTrue(
                worst.losses()[0] > one.losses()[0],
                "first-step loss: worst of 4 " + worst.losses()[0] + ", one copy " + one.losses()[0]);
    }

    @Test
    void maxUpTrainingLowersPerplexityOnTheShippedText() {
        TokenWindows valid = new TokenWindows(CORPUS.valid(), 4, 12);
        try (SequenceLearner learner = learner(SequenceMaxUp.builder()
                .optCopies(4)
                .optPerturbation(new WordDropout(0.1))
                .build())) {
            double before = learner.perplexity(valid);
            EpochResult epoch = learner.trainEpoch(TRAIN, 20);
            assertTrue(Double.isFinite(epoch.meanLoss()));
            double after = learner.perplexity(valid);
            assertTrue(after < 0.6 * before, "validation perplexity " + before + " -> " + after);
        }
    }

    @Test
    void badSettingsAreRejectedNamingThem() {
        assertEquals(
                "copies must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SequenceMaxUp.builder().optCopies(0).build())
                        .getMessage());
        assertEquals(
                "sigma must be > 0, was 0",
                assertThrows(IllegalArgumentException.class, () -> new EmbeddingNoise(0))
                        .getMessage());
        assertEquals(
                "rate must be in (0, 1), was 1",
                assertThrows(IllegalArgumentException.class, () -> new WordDropout(1))
                        .getMessage());
    }

    @Test
    void nameSaysPerturbationCopiesAndSchedule() {
        assertEquals(
                "maxup-gaussian(sigma=0.1)-m4-fast",
                SequenceMaxUp.builder().build().name());
    }
}
