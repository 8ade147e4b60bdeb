package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/** The embedding matrix {@code [V, E]} of the text models and its row lookup. */
final class TokenEmbedding {

    private TokenEmbedding() {}

    /** A weight parameter {@code [V, E]} initialised uniform in {@code [-0.1, 0.1]} (language models). */
    static Parameter parameter(int vocabulary, int size) {
        return parameter(vocabulary, size, new UniformInitializer(0.1f));
    }

    /** A weight parameter {@code [V, E]} with the given initialiser. */
    static Parameter parameter(int vocabulary, int size, Initializer initializer) {
        return Parameter.builder()
                .setName("embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabulary, size))
                .optInitializer(initializer)
                .build();
    }

    /** The rows of {@code matrix [V, E]} for token indices {@code [B, T]} (any numeric type), {@code [B, T, E]}. */
    static NDArray lookup(NDArray matrix, NDArray tokens) {
        Shape shape = tokens.getShape();
        NDArray rows = matrix.get(
                new NDIndex("{}", tokens.toType(DataType.INT64, false).reshape(-1)));
        return rows.reshape(shape.get(0), shape.get(1), matrix.getShape().get(1));
    }

    /**
     * Token indices {@code [B, T]} from a classifier's input: {@code [B, T]} itself, or the windows as
     * one-pixel-high images {@code [B, 1, 1, T]} ({@link TextClassificationSet#toImageSet()}).
     */
    static NDArray tokensOf(NDArray input) {
        Shape shape = input.getShape();
        return input.reshape(shape.get(0), shape.get(shape.dimension() - 1));
    }
}
