package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.gentrain.train.Checks;

/**
 * An LSTM text classifier: token indices -> embedding {@code [N, T, E]} (initialised {@code N(0,
 * 1)}, as PyTorch's {@code nn.Embedding}) -> DJL's {@link LSTM} (one
 * layer, batch first) -> the mean of its outputs over time -> linear layer -> logits {@code [N,
 * K]}. It takes the token indices as {@code [N, T]} or, so that the image {@link
 * org.gentrain.train.Learner} and every classification objective (cross-entropy, COT, GCE, HCOT)
 * can train it unchanged, as a {@link TextClassificationSet#toImageSet() one-pixel-high image}
 * {@code [N, 1, 1, T]} of indices stored as floats (exact below 2^24).
 */
public final class LstmTextClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int classes;
    private final int hidden;
    private final int embeddingSize;
    private final Parameter embedding;
    private final LSTM lstm;
    private final Linear output;

    private LstmTextClassifier(Builder builder) {
        super(VERSION);
        this.classes = builder.classes;
        this.hidden = builder.hidden;
        this.embeddingSize = builder.embeddingSize;
        this.embedding =
                addParameter(TokenEmbedding.parameter(builder.vocabulary, embeddingSize, new NormalInitializer(1f)));
        this.lstm = addChildBlock(
                "lstm",
                LSTM.builder()
                        .setStateSize(hidden)
                        .setNumLayers(1)
                        .optBatchFirst(true)
                        .optReturnState(false)
                        .build());
        this.output = addChildBlock("output", Linear.builder().setUnits(classes).build());
    }

    /** A builder: embedding and hidden size 64. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = TokenEmbedding.tokensOf(inputs.head());
        NDArray embedded = TokenEmbedding.lookup(store.getValue(embedding, tokens.getDevice(), training), tokens);
        NDArray states = lstm.forward(store, new NDList(embedded), training).head();
        return output.forward(store, new NDList(states.mean(new int[] {1})), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long t = in.get(in.dimension() - 1);
        lstm.initialize(manager, dataType, new Shape(n, t, embeddingSize));
        output.initialize(manager, dataType, new Shape(n, hidden));
    }

    /** Builds an {@link LstmTextClassifier}; the vocabulary size and the class count are required. */
    public static final class Builder {
        private int vocabulary;
        private int classes;
        private int embeddingSize = 64;
        private int hidden = 64;

        private Builder() {}

        /** {@code V}, {@code >= 2}. */
        public Builder setVocabularySize(int size) {
            this.vocabulary = size;
            return this;
        }

        /** {@code K}, {@code >= 2}. */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** {@code E}, 64 by default. */
        public Builder optEmbeddingSize(int size) {
            this.embeddingSize = size;
            return this;
        }

        /** The LSTM's state size, 64 by default. */
        public Builder optHiddenSize(int size) {
            this.hidden = size;
            return this;
        }

        /** Validates and builds. */
        public LstmTextClassifier build() {
            Checks.atLeast("vocabularySize", vocabulary, 2);
            Checks.atLeast("classes", classes, 2);
            Checks.atLeast("embeddingSize", embeddingSize, 1);
            Checks.atLeast("hiddenSize", hidden, 1);
            return new LstmTextClassifier(this);
        }
    }
}
