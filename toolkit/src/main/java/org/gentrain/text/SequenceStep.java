package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.Supplier;

/**
 * One training step of a {@link SequenceLearner} on one window, as a {@link SequenceObjective}
 * sees it: the window's tokens and targets {@code [B, T]}, the hidden states carried from the
 * previous window, the model's two halves ({@link #embed}, {@link #forwardEmbedded}) and {@link
 * #descend}. Every array made here belongs to the step's manager and is closed when the step ends.
 */
public final class SequenceStep {

    private final SequenceLearner learner;
    private final NDManager manager;
    private final NDArray inputs;
    private final NDArray targets;
    private final NDList state;
    private final int epoch;
    private final int window;

    SequenceStep(
            SequenceLearner learner,
            NDManager manager,
            NDArray inputs,
            NDArray targets,
            NDList state,
            int epoch,
            int window) {
        this.learner = learner;
        this.manager = manager;
        this.inputs = inputs;
        this.targets = targets;
        this.state = state;
        this.epoch = epoch;
        this.window = window;
    }

    /** The learner. */
    public SequenceLearner learner() {
        return learner;
    }

    /** The step's manager. */
    public NDManager manager() {
        return manager;
    }

    /** The window's input tokens, int64 {@code [B, T]}. */
    public NDArray inputs() {
        return inputs;
    }

    /** The window's target tokens (the next token of each input), int64 {@code [B, T]}. */
    public NDArray targets() {
        return targets;
    }

    /** The hidden states {@code h, c [layers, B, hidden]} carried from the previous window (zeros at first). */
    public NDList state() {
        return state;
    }

    /** The epoch, counting from 1. */
    public int epoch() {
        return epoch;
    }

    /** The window's index in the epoch, counting from 0. */
    public int window() {
        return window;
    }

    /** The embeddings of tokens, {@code [B', T, E]}; differentiable inside {@link #descend}. */
    public NDArray embed(NDArray tokens) {
        return learner.model().embed(learner.parameterStore(), tokens);
    }

    /**
     * The training-mode forward pass from embeddings with states {@code h, c}; returns {@code
     * NDList(logits [B', T, V], h, c)}.
     */
    public NDList forwardEmbedded(NDArray embeddings, NDList state) {
        return learner.model()
                .forwardEmbedded(learner.parameterStore(), new NDList(embeddings, state.get(0), state.get(1)), true);
    }

    /**
     * Records gradients of {@code loss}, clips their global norm, and takes one optimizer step.
     *
     * @return the loss, a scalar
     */
    public NDArray descend(Supplier<NDArray> loss) {
        return learner.descend(loss);
    }

    /** Keeps {@code h, c} (detached) as the states the next window starts from. */
    public void carry(NDArray h, NDArray c) {
        learner.carry(h, c);
    }
}
