package org.gentrain.cli;

/** A failure of a run that the user can act on, reported as one line with exit code 1. */
final class RunFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RunFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
