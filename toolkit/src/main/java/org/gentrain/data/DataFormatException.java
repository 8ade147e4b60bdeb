package org.gentrain.data;

/**
 * A data file that cannot be used: missing, truncated, of the wrong kind, or inconsistent with its
 * partner. The message names the file and the fault, so that the command line can show it as one
 * line.
 */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A fault in {@code file}. */
    public DataFormatException(String file, String fault) {
        super(file + ": " + fault);
    }

    /** A fault in {@code file} caused by an I/O error. */
    public DataFormatException(String file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
    }
}
