package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.gentrain.train.Checks;

/**
 * A word-level LSTM language model (as in Zaremba et al. 2014 and PyTorch's word-language-model
 * example, the small relative of AWD-LSTM): token indices {@code [B, T]} -> embedding {@code [B, T,
 * E]} -> dropout -> DJL's {@link LSTM} ({@code layers} layers of {@code hidden} units, batch first)
 * -> dropout -> linear decoder -> logits {@code [B, T, V]}. With {@link Builder#optTiedWeights} the
 * decoder reuses the embedding matrix ({@code logits = h E^T + b}; Press and Wolf 2017, Inan et al.
 * 2017), which needs {@code hidden = E}. The embedding is initialised uniform in {@code [-0.1,
 * 0.1]}.
 *
 * <p>Forward inputs: {@code NDList(tokens)} or {@code NDList(tokens, h, c)} with the states {@code
 * [layers, B, hidden]} carried from the previous window; outputs {@code NDList(logits, h, c)}. For
 * perturbations of the embeddings (MaxUp on sequences) the two halves are available on their own:
 * {@link #embed} and {@link #forwardEmbedded}.
 */
public final class LstmLanguageModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int vocabulary;
    private final int embeddingSize;
    private final int hidden;
    private final int layers;
    private final float dropout;
    private final boolean tied;
    private final Parameter embedding;
    private final Parameter tiedBias;
    private final LSTM lstm;
    private final Linear decoder;

    private LstmLanguageModel(Builder builder) {
        super(VERSION);
        this.vocabulary = builder.vocabulary;
        this.embeddingSize = builder.embeddingSize;
        this.hidden = builder.hidden;
        this.layers = builder.layers;
        this.dropout = builder.dropout;
        this.tied = builder.tied;
        this.embedding = addParameter(TokenEmbedding.parameter(vocabulary, embeddingSize));
        this.lstm = addChildBlock(
                "lstm",
                LSTM.builder()
                        .setStateSize(hidden)
                        .setNumLayers(layers)
                        .optBatchFirst(true)
                        .optReturnState(true)
                        .optDropRate(layers > 1 ? dropout : 0f)
                        .build());
        if (tied) {
            this.tiedBias = addParameter(Parameter.builder()
                    .setName("decoderBias")
                    .setType(Parameter.Type.BIAS)
                    .optShape(new Shape(vocabulary))
                    .build());
            this.decoder = null;
        } else {
            this.tiedBias = null;
            this.decoder = addChildBlock(
                    "decoder", Linear.builder().setUnits(vocabulary).build());
        }
    }

    /** A builder: embedding and hidden size 200, one layer, no dropout, untied. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code V}, the vocabulary size. */
    public int vocabularySize() {
        return vocabulary;
    }

    /** {@code E}, the embedding size. */
    public int embeddingSize() {
        return embeddingSize;
    }

    /** The number of LSTM layers. */
    public int layers() {
        return layers;
    }

    /** The LSTM's state size. */
    public int hiddenSize() {
        return hidden;
    }

    /** Whether the decoder reuses the embedding matrix. */
    public boolean tiedWeights() {
        return tied;
    }

    /** The embedding rows of the tokens, {@code [B, T, E]}, differentiable in the embedding matrix. */
    public NDArray embed(ParameterStore store, NDArray tokens) {
        return TokenEmbedding.lookup(store.getValue(embedding, tokens.getDevice(), false), tokens);
    }

    /**
     * The model from its embeddings on: {@code NDList(embeddings [B, T, E])} or with the states
     * {@code h, c [layers, B, hidden]}; returns {@code NDList(logits [B, T, V], h, c)}.
     */
    public NDList forwardEmbedded(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = Dropout.dropout(inputs.head(), dropout, training).head();
        NDList lstmInputs = new NDList(x);
        if (inputs.size() == 3) {
            lstmInputs.add(inputs.get(1));
            lstmInputs.add(inputs.get(2));
        }
        NDList out = lstm.forward(store, lstmInputs, training);
        NDArray h = Dropout.dropout(out.get(0), dropout, training).head();
        NDArray logits;
        if (tied) {
            NDArray matrix = store.getValue(embedding, h.getDevice(), false);
            logits = h.matMul(matrix.transpose()).add(store.getValue(tiedBias, h.getDevice(), false));
        } else {
            logits = decoder.forward(store, new NDList(h), training).head();
        }
        return new NDList(logits, out.get(1), out.get(2));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList embedded = new NDList(embed(store, inputs.head()));
        for (int i = 1; i < inputs.size(); i++) {
            embedded.add(inputs.get(i));
        }
        return forwardEmbedded(store, embedded, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long time = inputShapes[0].get(1);
        Shape state = new Shape(layers, batch, hidden);
        return new Shape[] {new Shape(batch, time, vocabulary), state, state};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long time = inputShapes[0].get(1);
        lstm.initialize(manager, dataType, new Shape(batch, time, embeddingSize));
        if (decoder != null) {
            decoder.initialize(manager, dataType, new Shape(batch, time, hidden));
        }
    }

    @Override
    public String toString() {
        return "LstmLanguageModel(V=" + vocabulary + ", E=" + embeddingSize + ", H=" + hidden + ", layers=" + layers
                + ", dropout=" + dropout + (tied ? ", tied" : "") + ")";
    }

    /** Builds an {@link LstmLanguageModel}; the vocabulary size is required. */
    public static final class Builder {
        private int vocabulary;
        private int embeddingSize = 200;
        private int hidden = 200;
        private int layers = 1;
        private float dropout;
        private boolean tied;

        private Builder() {}

        /** {@code V}, the vocabulary size, {@code >= 2} (required). */
        public Builder setVocabularySize(int size) {
            this.vocabulary = size;
            return this;
        }

        /** {@code E}, 200 by default. */
        public Builder optEmbeddingSize(int size) {
            this.embeddingSize = size;
            return this;
        }

        /** The LSTM's state size, 200 by default. */
        public Builder optHiddenSize(int size) {
            this.hidden = size;
            return this;
        }

        /** The number of LSTM layers, 1 by default. */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** The dropout rate on the embeddings, between layers and on the LSTM's output; 0 by default. */
        public Builder optDropout(float rate) {
            this.dropout = rate;
            return this;
        }

        /** Whether the decoder reuses the embedding matrix (needs hidden size = embedding size). */
        public Builder optTiedWeights(boolean tied) {
            this.tied = tied;
            return this;
        }

        /** Validates the settings and builds the block. */
        public LstmLanguageModel build() {
            Checks.atLeast("vocabularySize", vocabulary, 2);
            Checks.atLeast("embeddingSize", embeddingSize, 1);
            Checks.atLeast("hiddenSize", hidden, 1);
            Checks.atLeast("layers", layers, 1);
            Checks.inRange("dropout", dropout, 0, true, 1, false);
            if (tied && hidden != embeddingSize) {
                throw new IllegalArgumentException(
                        "tiedWeights needs hiddenSize = embeddingSize, was " + hidden + " and " + embeddingSize);
            }
            return new LstmLanguageModel(this);
        }
    }
}
