package org.gentrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Plain language-model training: one forward pass over the window from the carried states, the
 * mean next-token cross-entropy, one optimizer step. With a perturbation the embeddings are
 * perturbed once per step (one drawn copy: plain perturbed training, which MaxUp with {@code m =
 * 1} equals).
 */
public final class SequenceErm implements SequenceObjective {

    private final EmbeddingPerturbation perturbation;

    private SequenceErm(EmbeddingPerturbation perturbation) {
        this.perturbation = perturbation;
    }

    /** Training on the clean embeddings. */
    public static SequenceErm plain() {
        return new SequenceErm(null);
    }

    /** Training on one perturbed copy per step. */
    public static SequenceErm perturbed(EmbeddingPerturbation perturbation) {
        return new SequenceErm(org.gentrain.train.Checks.required("perturbation", perturbation));
    }

    @Override
    public String name() {
        return perturbation == null ? "erm" : "erm-" + perturbation.describe();
    }

    @Override
    public NDArray step(SequenceStep step) {
        NDArray draw = perturbation == null
                ? null
                : perturbation.draw(
                        step.manager(),
                        new ai.djl.ndarray.types.Shape(
                                step.inputs().getShape().get(0),
                                step.inputs().getShape().get(1),
                                step.learner().model().embeddingSize()),
                        ai.djl.ndarray.types.DataType.FLOAT32);
        return step.descend(() -> {
            NDArray embeddings = step.embed(step.inputs());
            if (draw != null) {
                embeddings = perturbation.apply(embeddings, draw);
            }
            NDList out = step.forwardEmbedded(embeddings, step.state());
            step.carry(out.get(1), out.get(2));
            return SequenceLosses.perSequence(out.get(0), step.targets()).mean();
        });
    }
}
