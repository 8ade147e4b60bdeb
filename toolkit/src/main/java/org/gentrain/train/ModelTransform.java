package org.gentrain.train;

import ai.djl.nn.Block;

/**
 * Rewrites a model before it is initialised, for example by replacing its convolutions with
 * orthogonally over-parameterised ones. A transform is also a {@link TrainingHook}: after
 * initialisation it may claim parameters for an update rule of its own with {@link
 * Learner#overrideUpdate}.
 */
public interface ModelTransform extends TrainingHook {

    /** The transform's name as the command line writes it, such as {@code opt-cayley}. */
    String name();

    /** Returns the rewritten model; {@code model} is not yet initialised. */
    Block apply(Block model);
}
