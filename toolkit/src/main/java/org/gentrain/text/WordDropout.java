package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;

/**
 * Word dropout: each token's whole embedding is zeroed with probability {@code p} and the kept ones
 * are scaled by {@code 1/(1-p)}, a mask drawn per token and copy (the per-position form of
 * AWD-LSTM's embedding dropout, which drops word types for a whole batch).
 */
public final class WordDropout implements EmbeddingPerturbation {

    private final double rate;

    /** Dropout of whole token embeddings with probability {@code rate} in {@code (0, 1)}. */
    public WordDropout(double rate) {
        Checks.inRange("rate", rate, 0, false, 1, false);
        this.rate = rate;
    }

    /** The dropout probability. */
    public double rate() {
        return rate;
    }

    @Override
    public String describe() {
        return "word-dropout(p=" + rate + ")";
    }

    /** The scaled mask {@code [B, T, 1]}: {@code 1/(1-p)} for kept tokens, 0 for dropped ones. */
    @Override
    public NDArray draw(NDManager manager, Shape embeddingShape, DataType type) {
        Shape maskShape = new Shape(embeddingShape.get(0), embeddingShape.get(1), 1);
        NDArray kept = manager.randomUniform(0f, 1f, maskShape).gte(Constants.scalar(manager, rate, DataType.FLOAT32));
        return kept.toType(type, false).mul(Constants.scalar(manager, 1 / (1 - rate), type));
    }

    @Override
    public NDArray apply(NDArray embeddings, NDArray draw) {
        return embeddings.mul(draw);
    }
}
