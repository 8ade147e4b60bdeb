package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;

/**
 * A token stream cut for truncated back-propagation through time, as language-model training
 * does it: the stream is split into {@code B} parallel streams of {@code L = floor(n / B)} tokens
 * (the last {@code n mod B} tokens dropped), stream {@code b} being tokens {@code b L .. (b+1) L -
 * 1}; window {@code w} holds positions {@code w T .. w T + T - 1} of every stream as input and the
 * next token of each position as target, so {@code ceil((L - 1) / T)} windows cover a stream
 * (the last one shorter). Hidden states carried from window {@code w} to {@code w + 1} continue
 * the same text in every stream.
 */
public final class TokenWindows {

    private final int[] streams;
    private final int batch;
    private final int length;
    private final int window;

    /**
     * @param tokens the token indices
     * @param batch {@code B}, the number of parallel streams, {@code >= 1}
     * @param window {@code T}, the window length, {@code >= 1}
     * @throws IllegalArgumentException if a stream would hold fewer than 2 tokens
     */
    public TokenWindows(int[] tokens, int batch, int window) {
        Checks.atLeast("batch", batch, 1);
        Checks.atLeast("window", window, 1);
        this.batch = batch;
        this.window = window;
        this.length = tokens.length / batch;
        if (length < 2) {
            throw new IllegalArgumentException("batch must be <= " + tokens.length / 2 + " for " + tokens.length
                    + " tokens (2 per stream), was " + batch);
        }
        this.streams = java.util.Arrays.copyOf(tokens, batch * length);
    }

    /** {@code B}. */
    public int batch() {
        return batch;
    }

    /** {@code T}. */
    public int window() {
        return window;
    }

    /** {@code L}, the tokens per stream. */
    public int streamLength() {
        return length;
    }

    /** The number of windows. */
    public int size() {
        return (length - 1 + window - 1) / window;
    }

    /** The number of target tokens over all windows, {@code B (L - 1)}. */
    public long targetCount() {
        return (long) batch * (length - 1);
    }

    /** Window {@code w}'s inputs, int64 {@code [B, t]} with {@code t <= T}. */
    public NDArray inputs(NDManager manager, int w) {
        return slice(manager, w, 0);
    }

    /** Window {@code w}'s targets (the inputs shifted by one token), int64 {@code [B, t]}. */
    public NDArray targets(NDManager manager, int w) {
        return slice(manager, w, 1);
    }

    private NDArray slice(NDManager manager, int w, int shift) {
        if (w < 0 || w >= size()) {
            throw new IllegalArgumentException("window must be in [0, " + size() + "), was " + w);
        }
        int from = w * window;
        int t = Math.min(window, length - 1 - from);
        long[] ids = new long[batch * t];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < t; i++) {
                ids[b * t + i] = streams[b * length + from + i + shift];
            }
        }
        return manager.create(ids, new Shape(batch, t));
    }
}
