package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A random perturbation of a sequence's embeddings {@code [B, T, E]}, in two parts so that a drawn
 * perturbation can be applied again (MaxUp's fast schedule scores copies, then trains on the worst
 * copies with the same draws): {@link #draw} makes the random part, {@link #apply} applies it.
 */
public interface EmbeddingPerturbation {

    /** A short description, such as {@code gaussian(sigma=0.1)}. */
    String describe();

    /** Draws the random part for embeddings of the given shape, from the engine's generator. */
    NDArray draw(NDManager manager, Shape embeddingShape, DataType type);

    /** The embeddings perturbed by a draw of the same leading shape; differentiable in the embeddings. */
    NDArray apply(NDArray embeddings, NDArray draw);
}
