package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The Cayley transform of the skew-symmetric part of {@code R}:
 *
 * <pre>
 * S = triu(R) - triu(R)^T,   Q = (I + S)(I - S)^-1 = 2 (I - S)^-1 - I
 * </pre>
 *
 * <p>as the CP variant of orthogonal over-parameterised training (Liu et al., "Orthogonal
 * Over-Parameterized Training", CVPR 2021). The diagonal of {@code R} cancels in {@code S}, so only
 * the strict upper triangle is used. Since {@code I + S = 2I - (I - S)}, the product with the
 * inverse reduces to {@code 2 (I - S)^-1 - I}: one matrix inverse forward (always defined, since the
 * eigenvalues of a real skew-symmetric {@code S} are imaginary) and two matrix products backward.
 * {@code Q} is a rotation ({@code det Q = 1}) with no eigenvalue {@code -1}.
 */
public final class Cayley implements Orthogonalizer {

    @Override
    public String name() {
        return "cayley";
    }

    @Override
    public NDArray orthogonalize(NDArray r) {
        int d = Orthogonality.requireSquare(r, "r");
        NDManager manager = r.getManager();
        NDArray eye = manager.eye(d, d, 0, r.getDataType());
        NDArray upper = r.mul(strictUpperMask(manager, d, r));
        NDArray inverse = eye.sub(upper).add(upper.transpose()).inverse();
        return inverse.add(inverse).sub(eye);
    }

    /** The constant {@code [d, d]} mask with ones strictly above the diagonal, in r's data type. */
    static NDArray strictUpperMask(NDManager manager, int d, NDArray like) {
        NDArray index = manager.arange(d);
        return index.reshape(d, 1).lt(index.reshape(1, d)).toType(like.getDataType(), false);
    }
}
