package org.gentrain.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.gentrain.train.EpochResult;
import org.junit.jupiter.api.Test;

/** The LSTM language model on the shipped text: shapes, tied weights, and perplexity that falls with training. */
class LstmLanguageModelTest {

    private static final TextCorpus CORPUS = FoundingDocuments.corpus();

    private static LstmLanguageModel model(boolean tied) {
        return LstmLanguageModel.builder()
                .setVocabularySize(CORPUS.vocabulary().size())
                .optEmbeddingSize(32)
                .optHiddenSize(32)
                .optTiedWeights(tied)
                .build();
    }

    private static SequenceLearner learner(LstmLanguageModel model) {
        return SequenceLearner.builder()
                .setModel(model)
                .optSeed(11)
                .optDevice(Device.cpu())
                .build();
    }

    @Test
    void perplexityOnTheShippedTextFallsOverAFewSteps() {
        TokenWindows train = new TokenWindows(CORPUS.train(), 16, 20);
        TokenWindows valid = new TokenWindows(CORPUS.valid(), 4, 20);
        try (SequenceLearner learner = learner(model(false))) {
            double before = learner.perplexity(valid);
            // Untrained: about the vocabulary size (uniform predictions over V types).
            double v = CORPUS.vocabulary().size();
            assertTrue(before > 0.8 * v && before < 1.2 * v, "initial perplexity " + before + ", V = " + v);
            EpochResult epoch = learner.trainEpoch(train, 15);
            assertEquals(15, epoch.steps());
            double after = learner.perplexity(valid);
            assertTrue(after < 0.5 * before, "validation perplexity " + before + " -> " + after + " after 15 steps");
        }
    }

    @Test
    void tiedWeightsShareTheEmbeddingAndStillLearn() {
        LstmLanguageModel tied = model(true);
        TokenWindows train = new TokenWindows(CORPUS.train(), 16, 20);
        TokenWindows valid = new TokenWindows(CORPUS.valid(), 4, 20);
        try (SequenceLearner learner = learner(tied)) {
            long untiedCount = model(false).getParameters().size();
            assertEquals(untiedCount - 1, tied.getParameters().size(), "the decoder's weight is the embedding");
            double before = learner.perplexity(valid);
            learner.trainEpoch(train, 15);
            double after = learner.perplexity(valid);
            assertTrue(after < 0.5 * before, "validation perplexity " + before + " -> " + after);
        }
    }

    @Test
    void forwardGivesLogitsOverTheVocabularyAndStatesOfEveryLayer() {
        LstmLanguageModel model = LstmLanguageModel.builder()
                .setVocabularySize(50)
                .optEmbeddingSize(8)
                .optHiddenSize(6)
                .optLayers(2)
                .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1));
            NDList out = model.forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3))),
                    false);
            assertEquals(new Shape(2, 3, 50), out.get(0).getShape());
            assertEquals(new Shape(2, 2, 6), out.get(1).getShape());
            assertEquals(new Shape(2, 2, 6), out.get(2).getShape());
            assertEquals(out.get(0).getShape(), model.getOutputShapes(new Shape[] {new Shape(2, 3)})[0]);
        }
    }

    @Test
    void tiedWeightsNeedEqualSizes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LstmLanguageModel.builder()
                        .setVocabularySize(10)
                        .optEmbeddingSize(8)
                        .optHiddenSize(6)
                        .optTiedWeights(true)
                        .build());
        assertEquals("tiedWeights needs hiddenSize = embeddingSize, was 6 and 8", e.getMessage());
    }
}
