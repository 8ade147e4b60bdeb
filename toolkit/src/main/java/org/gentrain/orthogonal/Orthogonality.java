package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Measures and checks shared by the ways of computing an orthogonal matrix {@code Q(R)} (Liu et
 * al., "Orthogonal Over-Parameterized Training", CVPR 2021).
 */
public final class Orthogonality {

    private Orthogonality() {}

    /**
     * The orthogonality error {@code max_ij |(Q Q^T - I)_ij|} of a square matrix, computed outside
     * any gradient graph; {@code 0} for an exactly orthogonal {@code Q}.
     *
     * @param q a square matrix {@code [d, d]}
     * @return the largest absolute entry of {@code Q Q^T - I}
     */
    public static double error(NDArray q) {
        int d = requireSquare(q, "q");
        try (NDManager scope = q.getManager().newSubManager()) {
            NDArray detached = q.stopGradient();
            detached.attach(scope);
            NDArray gram = detached.matMul(detached.transpose());
            NDArray eye = scope.eye(d, d, 0, q.getDataType());
            return gram.sub(eye).abs().max().toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * Checks that {@code matrix} is a square two-dimensional matrix and returns its size {@code d}.
     *
     * @param matrix the array to check
     * @param what the argument's name in the error message
     * @throws IllegalArgumentException naming the shape given, if it is not {@code [d, d]}
     */
    static int requireSquare(NDArray matrix, String what) {
        long[] shape = matrix.getShape().getShape();
        if (shape.length != 2 || shape[0] != shape[1] || shape[0] < 1) {
            throw new IllegalArgumentException(
                    what + " must be a square matrix [d, d] with d >= 1, was " + matrix.getShape());
        }
        return Math.toIntExact(shape[0]);
    }

    /** Checks that {@code matrix} is two-dimensional with at least one row and column. */
    static void requireMatrix(NDArray matrix, String what) {
        long[] shape = matrix.getShape().getShape();
        if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new IllegalArgumentException(
                    what + " must be a matrix [k, d] with k, d >= 1, was " + matrix.getShape());
        }
    }

    /**
     * One Newton-Schulz step towards the nearest orthogonal matrix, {@code Q (3 I - Q^T Q) / 2}:
     * removes the float rounding an update leaves in an orthogonal matrix.
     */
    static NDArray newtonSchulz(NDArray q) {
        return q.mul(1.5f).sub(q.matMul(q.transpose().matMul(q)).mul(0.5f));
    }

    /** Overwrites {@code target} in place with {@code value}. */
    static void assign(NDArray target, NDArray value) {
        target.subi(target).addi(value);
    }
}
