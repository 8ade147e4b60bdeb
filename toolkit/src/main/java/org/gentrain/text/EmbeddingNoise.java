package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;

/**
 * Gaussian noise on every embedding entry: {@code e' = e + sigma * n}, {@code n ~ N(0, I)} drawn
 * per token and copy. The sequence counterpart of MaxUp's Gaussian perturbation of images.
 */
public final class EmbeddingNoise implements EmbeddingPerturbation {

    private final double sigma;

    /** Noise of standard deviation {@code sigma > 0}. */
    public EmbeddingNoise(double sigma) {
        Checks.positive("sigma", sigma);
        this.sigma = sigma;
    }

    /** The standard deviation. */
    public double sigma() {
        return sigma;
    }

    @Override
    public String describe() {
        return "gaussian(sigma=" + sigma + ")";
    }

    @Override
    public NDArray draw(NDManager manager, Shape embeddingShape, DataType type) {
        NDArray noise = manager.randomNormal(embeddingShape).toType(type, false);
        return noise.mul(Constants.scalar(manager, sigma, type));
    }

    @Override
    public NDArray apply(NDArray embeddings, NDArray draw) {
        return embeddings.add(draw);
    }
}
