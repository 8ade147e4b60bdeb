package org.gentrain.kernel;

/** A cell that does not compile: the message holds each error with its source line and a caret. */
public final class CompilationException extends Exception {

    private static final long serialVersionUID = 1L;

    CompilationException(String message) {
        super(message, null, false, false);
    }
}
