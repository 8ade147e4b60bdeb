package org.gentrain.train;

import ai.djl.ndarray.NDArray;

/**
 * A block whose effective weights are computed rather than stored, such as an orthogonally
 * over-parameterised convolution whose weights are {@code Q(R) W0}. Energy regularisers and
 * trackers read its neurons through this interface instead of a {@code weight} parameter, so that
 * they work on any layer without knowing how it is parameterised.
 */
public interface NeuronLayer {

    /**
     * The layer's neurons for the current parameters, one per row: {@code [n, d]} with {@code n}
     * output units or filters and {@code d} the fan-in ({@code c_in * k_h * k_w} for a
     * convolution). Differentiable with respect to the layer's trainable parameters; the result
     * belongs to the caller's scope.
     */
    NDArray neurons();

    /** Whether the layer is a convolution (as opposed to a fully connected layer). */
    boolean isConvolution();
}
