package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Scalar constants for differentiable computations, as owned arrays.
 *
 * <p>In DJL 0.35.1's PyTorch engine, {@code NDArray.mul/div/add/sub/pow(Number)} wraps the Java
 * number in a temporary tensor that a garbage collection can free while the gradient graph still
 * refers to it, corrupting the gradient. Every technique therefore makes its constants here, as
 * arrays of the computation's data type that live in a manager for as long as the graph does, and
 * uses array-array operations.
 */
public final class Constants {

    private Constants() {}

    /** The scalar {@code value} as a 0-dimensional array of {@code type} in {@code manager}. */
    public static NDArray scalar(NDManager manager, double value, DataType type) {
        return type == DataType.FLOAT64
                ? manager.create(value)
                : manager.create((float) value).toType(type, false);
    }

    /** The scalar {@code value} with the data type of {@code like}, in {@code like}'s manager. */
    public static NDArray like(NDArray like, double value) {
        return scalar(like.getManager(), value, like.getDataType());
    }
}
