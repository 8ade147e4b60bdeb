package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.gentrain.train.Checks;

/**
 * A convolutional text classifier in the manner of Kim (2014), one filter width: token indices ->
 * embedding {@code [N, T, E]} (initialised {@code N(0, 1)}, as PyTorch's {@code nn.Embedding}) ->
 * DJL's {@link Conv1d} over time ({@code F} filters of width {@code w}, padded to keep {@code T})
 * -> ReLU -> the maximum over time -> linear layer -> logits {@code [N, K]}. Like {@link
 * LstmTextClassifier} it takes the indices as {@code [N, T]} or as the one-pixel-high images
 * {@code [N, 1, 1, T]} of {@link TextClassificationSet#toImageSet()}, so the image {@link
 * org.gentrain.train.Learner} and its classification objectives (cross-entropy, COT, GCE, HCOT)
 * train it unchanged. On a CPU it trains several times faster than the LSTM classifier.
 */
public final class ConvTextClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int classes;
    private final int embeddingSize;
    private final int filters;
    private final Parameter embedding;
    private final Conv1d convolution;
    private final Linear output;

    private ConvTextClassifier(Builder builder) {
        super(VERSION);
        this.classes = builder.classes;
        this.embeddingSize = builder.embeddingSize;
        this.filters = builder.filters;
        this.embedding =
                addParameter(TokenEmbedding.parameter(builder.vocabulary, embeddingSize, new NormalInitializer(1f)));
        this.convolution = addChildBlock(
                "convolution",
                Conv1d.builder()
                        .setKernelShape(new Shape(builder.width))
                        .setFilters(filters)
                        .optPadding(new Shape(builder.width / 2))
                        .build());
        this.output = addChildBlock("output", Linear.builder().setUnits(classes).build());
    }

    /** A builder: embedding size 32, 64 filters of width 3. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = TokenEmbedding.tokensOf(inputs.head());
        NDArray embedded = TokenEmbedding.lookup(store.getValue(embedding, tokens.getDevice(), training), tokens);
        NDArray features = convolution
                .forward(store, new NDList(embedded.transpose(0, 2, 1)), training)
                .head();
        NDArray pooled = features.getNDArrayInternal().relu().max(new int[] {2});
        return output.forward(store, new NDList(pooled), training);
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
        convolution.initialize(manager, dataType, new Shape(n, embeddingSize, t));
        output.initialize(manager, dataType, new Shape(n, filters));
    }

    /** Builds a {@link ConvTextClassifier}; the vocabulary size and the class count are required. */
    public static final class Builder {
        private int vocabulary;
        private int classes;
        private int embeddingSize = 32;
        private int filters = 64;
        private int width = 3;

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

        /** {@code E}, 32 by default. */
        public Builder optEmbeddingSize(int size) {
            this.embeddingSize = size;
            return this;
        }

        /** {@code F}, 64 by default. */
        public Builder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** The filter width {@code w}, odd, 3 by default. */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Validates and builds. */
        public ConvTextClassifier build() {
            Checks.atLeast("vocabularySize", vocabulary, 2);
            Checks.atLeast("classes", classes, 2);
            Checks.atLeast("embeddingSize", embeddingSize, 1);
            Checks.atLeast("filters", filters, 1);
            Checks.atLeast("width", width, 1);
            if (width % 2 == 0) {
                throw new IllegalArgumentException("width must be odd (to keep the length), was " + width);
            }
            return new ConvTextClassifier(this);
        }
    }
}
