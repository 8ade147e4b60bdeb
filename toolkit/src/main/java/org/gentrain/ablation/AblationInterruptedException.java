package org.gentrain.ablation;

/**
 * Thrown by {@link Ablation#run()} when its thread is interrupted (a notebook's interrupt): the
 * running step is the last, and {@link #partialResult()} holds every epoch finished before it. With
 * an output folder, those epochs are checkpointed too and {@code resume} continues the run.
 */
public final class AblationInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AblationResult partial;

    AblationInterruptedException(String message, AblationResult partial, Throwable cause) {
        super(message, cause);
        this.partial = partial;
    }

    /** The tables of the epochs finished before the interrupt. */
    public AblationResult partialResult() {
        return partial;
    }
}
