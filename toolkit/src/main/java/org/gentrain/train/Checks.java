package org.gentrain.train;

/**
 * Argument checks whose messages name the parameter, the value given and the allowed range, such
 * as {@code copies must be >= 1, was 0}. Builders call them in {@code build()}, before any
 * training starts.
 */
public final class Checks {

    private Checks() {}

    /** Requires {@code value >= min}. */
    public static void atLeast(String name, double value, double min) {
        if (!(value >= min)) {
            throw new IllegalArgumentException(name + " must be >= " + format(min) + ", was " + format(value));
        }
    }

    /** Requires {@code value > 0}. */
    public static void positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, was " + format(value));
        }
    }

    /** Requires {@code value} in the interval given, each end open or closed. */
    public static void inRange(
            String name, double value, double low, boolean lowClosed, double high, boolean highClosed) {
        boolean aboveLow = lowClosed ? value >= low : value > low;
        boolean belowHigh = highClosed ? value <= high : value < high;
        if (!(aboveLow && belowHigh)) {
            throw new IllegalArgumentException(name
                    + " must be in "
                    + (lowClosed ? "[" : "(")
                    + format(low)
                    + ", "
                    + format(high)
                    + (highClosed ? "]" : ")")
                    + ", was "
                    + format(value));
        }
    }

    /** Requires a value that was set. */
    public static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
