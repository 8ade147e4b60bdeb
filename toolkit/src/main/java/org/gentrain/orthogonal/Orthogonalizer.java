package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable map from an unconstrained square matrix {@code R} to an orthogonal matrix
 * {@code Q(R)}, as used by orthogonal over-parameterised training (Liu et al., "Orthogonal
 * Over-Parameterized Training", CVPR 2021). An OPT layer's effective weights are {@code W = Q(R)
 * W0} with fixed random neurons {@code W0}; only {@code R} is learned, so gradients must flow from
 * {@code Q} back to {@code R}.
 *
 * <p>Implementations: unrolled Gram-Schmidt, Householder reflections, Löwdin symmetric
 * orthogonalisation and the Cayley transform. The soft variant (an unconstrained {@code R} with an
 * orthogonality penalty) and orthogonality-preserving gradient descent are not maps of this kind and
 * live in their own classes.
 */
public interface Orthogonalizer {

    /** The method's short name, as used in arm names ({@code gs}, {@code householder}, ...). */
    String name();

    /**
     * Returns {@code Q(R)}, an orthogonal matrix of the same shape and data type as {@code r}.
     *
     * @param r a square matrix {@code [d, d]}, possibly recording gradients
     * @return the orthogonal matrix, differentiable with respect to {@code r}
     * @throws IllegalArgumentException if {@code r} is not a square matrix
     */
    NDArray orthogonalize(NDArray r);
}
