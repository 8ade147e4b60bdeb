package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.gentrain.train.Constants;

/**
 * The product of Householder reflections whose vectors are the rows of {@code R}:
 *
 * <pre>
 * Q = H_1 H_2 ... H_k,   H_i = I - 2 v_i v_i^T / (v_i^T v_i)
 * </pre>
 *
 * <p>as the HR variant of orthogonal over-parameterised training (Liu et al., "Orthogonal
 * Over-Parameterized Training", CVPR 2021). The product is formed at once, without a loop over the
 * reflections, by the UT transform (Joffrain, Low, Quintana-Ortí, van de Geijn and Van Zee,
 * "Accumulating Householder transformations, revisited", ACM TOMS 2006):
 *
 * <pre>
 * H_1 ... H_k = I - V^T T^-1 V,   T = striu(V V^T) + diag(V V^T) / 2
 * </pre>
 *
 * <p>with {@code V [k, d]} the vectors as rows and {@code T} upper triangular: two products for
 * {@code V V^T} and {@code V^T (T^-1 V)}, one {@code k x k} inverse. A zero vector has no reflection
 * and gives a non-finite {@code Q}.
 */
public final class Householder implements Orthogonalizer {

    @Override
    public String name() {
        return "householder";
    }

    /** {@code H_1 ... H_d} for the {@code d} rows of a square {@code R [d, d]}. */
    @Override
    public NDArray orthogonalize(NDArray r) {
        Orthogonality.requireSquare(r, "r");
        return reflections(r);
    }

    /**
     * {@code H_1 ... H_k} for the {@code k} rows of {@code vectors [k, d]}: a {@code [d, d]}
     * orthogonal matrix, differentiable with respect to the vectors.
     *
     * @param vectors the reflection vectors, one per row, none zero
     * @return the product of the reflections in row order
     */
    public static NDArray reflections(NDArray vectors) {
        Orthogonality.requireMatrix(vectors, "vectors");
        long[] shape = vectors.getShape().getShape();
        int k = Math.toIntExact(shape[0]);
        int d = Math.toIntExact(shape[1]);
        NDManager manager = vectors.getManager();
        NDArray mask = Cayley.strictUpperMask(manager, k, vectors);
        NDArray half = Constants.like(vectors, 0.5);
        mask = mask.add(manager.eye(k, k, 0, vectors.getDataType()).mul(half)); // 1 above, 1/2 on diagonal
        NDArray t = vectors.matMul(vectors.transpose()).mul(mask);
        NDArray correction = vectors.transpose().matMul(t.inverse().matMul(vectors));
        return manager.eye(d, d, 0, vectors.getDataType()).sub(correction);
    }
}
