package org.gentrain.text;

import ai.djl.ndarray.NDArray;

/**
 * What one training step of a {@link SequenceLearner} does with one window of token streams:
 * plain next-token cross-entropy ({@link SequenceErm}), or MaxUp's worst of several perturbed
 * copies. The objective computes its loss, calls {@link SequenceStep#descend} for its optimizer
 * step, and hands the hidden states to carry into the next window to {@link SequenceStep#carry}.
 */
public interface SequenceObjective {

    /** The objective's name, such as {@code erm}. */
    String name();

    /**
     * Runs one training step.
     *
     * @return the step's training loss (mean next-token cross-entropy of what it trained on), a scalar
     */
    NDArray step(SequenceStep step);
}
