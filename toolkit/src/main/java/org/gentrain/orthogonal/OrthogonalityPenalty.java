package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;

/**
 * The soft orthogonality constraint {@code ||R R^T - I||_F^2}: the OR variant of orthogonal
 * over-parameterised training (Liu et al., "Orthogonal Over-Parameterized Training", CVPR 2021),
 * where {@code R} itself rotates the neurons ({@code W = R W0}) and this penalty, added to the loss
 * with a weight, keeps it near the orthogonal group instead of a map {@code Q(R)}. Its gradient is
 * {@code 4 (R R^T - I) R}. A regulariser sums it over the layers it covers and multiplies by its
 * weight.
 */
public final class OrthogonalityPenalty {

    /** The variant's short name, as used in arm names. */
    public static final String NAME = "soft";

    private OrthogonalityPenalty() {}

    /**
     * {@code ||R R^T - I||_F^2}, a differentiable scalar of r's data type.
     *
     * @param r a square matrix {@code [d, d]}, possibly recording gradients
     * @throws IllegalArgumentException if {@code r} is not a square matrix
     */
    public static NDArray of(NDArray r) {
        int d = Orthogonality.requireSquare(r, "r");
        NDArray eye = r.getManager().eye(d, d, 0, r.getDataType());
        return r.matMul(r.transpose()).sub(eye).square().sum();
    }
}
