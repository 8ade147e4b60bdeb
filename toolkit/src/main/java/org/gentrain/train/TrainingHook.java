package org.gentrain.train;

/**
 * A part of a training run that wants to hear about its progress: objectives, regularisers and
 * model transforms all are hooks, so each technique can keep its own state (a second optimizer,
 * a learned projection, a re-sampled block of dimensions) without the training loop knowing it.
 *
 * <p>Arrays a hook creates in {@link #onStepEnd} belong to the step and are closed with it; an
 * array that must outlive the step is created in {@link #onTrainingStart} or detached from the
 * step's scope with {@link ai.djl.ndarray.NDScope#unregister(ai.djl.ndarray.NDArray)} and
 * attached to {@link Learner#manager()}.
 */
public interface TrainingHook {

    /** Called once, after the model is initialised and before the first step. */
    default void onTrainingStart(Learner learner) {}

    /**
     * Called before every epoch's first step (epochs count from 1). A hook with a random source
     * of its own reseeds it here from the run's seed and the epoch, so that a run resumed at an
     * epoch boundary draws the same numbers as one that never stopped.
     */
    default void onEpochStart(Learner learner, int epoch) {}

    /** Called after every training step, while the step's arrays are still open. */
    default void onStepEnd(StepContext step) {}

    /** Called after every epoch (epochs count from 1). */
    default void onEpochEnd(Learner learner, int epoch) {}

    /**
     * The hook's learned state that is not a parameter of the model (a learned projection, an
     * accumulated transform), by name, for checkpoints. Random sources need not be saved: they are
     * reseeded in {@link #onEpochStart}. Empty by default.
     */
    default java.util.Map<String, ai.djl.ndarray.NDArray> state() {
        return java.util.Map.of();
    }

    /** Restores what {@link #state()} returned, copying the arrays into the learner's manager. */
    default void loadState(Learner learner, java.util.Map<String, ai.djl.ndarray.NDArray> state) {}
}
