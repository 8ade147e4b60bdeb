package org.gentrain.arms;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One setting an arm part reads: its key, type, default, allowed values and a one-line
 * description, as {@code gentrain arms} prints it. A value given on the command line, after an
 * arm's {@code @}, or in {@link org.gentrain.train.ArmOptions} is checked here before anything is
 * built or trained, and rejected with one line naming the key and the allowed values.
 *
 * <pre>{@code
 * Setting.integer("copies", 4, 1, 1024, "augmented copies per example (m)")
 * Setting.choice("schedule", "fast", List.of("fast", "exact"), "which copies go through backward")
 * }</pre>
 */
public final class Setting {

    /** What kind of value a setting takes. */
    public enum Type {
        /** A whole number in a closed range. */
        INTEGER,
        /** A real number in a range. */
        REAL,
        /** One of a fixed list of words. */
        CHOICE,
        /** {@code true} or {@code false}. */
        FLAG,
        /** Free text, checked by the part that reads it (such as an augmentation chain). */
        TEXT
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String description;
    private final double min;
    private final double max;
    private final boolean minOpen;
    private final List<String> choices;

    private Setting(
            String key,
            Type type,
            String defaultValue,
            String description,
            double min,
            double max,
            boolean minOpen,
            List<String> choices) {
        if (key == null || !key.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("setting key must be lower-case words joined by '-', was '" + key + "'");
        }
        this.key = key;
        this.type = type;
        this.description = Objects.requireNonNull(description, "description");
        this.min = min;
        this.max = max;
        this.minOpen = minOpen;
        this.choices = List.copyOf(choices);
        this.defaultValue = defaultValue == null ? null : check(defaultValue);
    }

    /** A whole-number setting in {@code [min, max]}. */
    public static Setting integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting(key, Type.INTEGER, Integer.toString(defaultValue), description, min, max, false, List.of());
    }

    /** A real setting in {@code [min, max]}. */
    public static Setting real(String key, double defaultValue, double min, double max, String description) {
        return new Setting(key, Type.REAL, Double.toString(defaultValue), description, min, max, false, List.of());
    }

    /** A real setting in {@code (0, max]}. */
    public static Setting positive(String key, double defaultValue, double max, String description) {
        return new Setting(key, Type.REAL, Double.toString(defaultValue), description, 0, max, true, List.of());
    }

    /** A setting that takes one of {@code choices}. */
    public static Setting choice(String key, String defaultValue, List<String> choices, String description) {
        return new Setting(key, Type.CHOICE, defaultValue, description, 0, 0, false, choices);
    }

    /** {@code true} or {@code false}. */
    public static Setting flag(String key, boolean defaultValue, String description) {
        return new Setting(
                key, Type.FLAG, Boolean.toString(defaultValue), description, 0, 0, false, List.of("true", "false"));
    }

    /** Free text that the reading part checks when it is built. */
    public static Setting text(String key, String defaultValue, String description) {
        return new Setting(key, Type.TEXT, defaultValue, description, 0, 0, false, List.of());
    }

    /** The key, such as {@code copies}. */
    public String key() {
        return key;
    }

    /** The type. */
    public Type type() {
        return type;
    }

    /** The value used when none is given. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The one-line description. */
    public String description() {
        return description;
    }

    /**
     * Checks a value and returns it in canonical form ({@code "4"}, {@code "0.25"}, {@code "fast"}).
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public String check(String value) {
        String trimmed = value == null ? "" : value.trim();
        switch (type) {
            case INTEGER: {
                long parsed;
                try {
                    parsed = Long.parseLong(trimmed);
                } catch (NumberFormatException e) {
                    throw rejected(value);
                }
                if (parsed < min || parsed > max) {
                    throw rejected(value);
                }
                return Long.toString(parsed);
            }
            case REAL: {
                double parsed;
                try {
                    parsed = Double.parseDouble(trimmed);
                } catch (NumberFormatException e) {
                    throw rejected(value);
                }
                boolean aboveMin = minOpen ? parsed > min : parsed >= min;
                if (!Double.isFinite(parsed) || !aboveMin || parsed > max) {
                    throw rejected(value);
                }
                return trimmed;
            }
            case CHOICE:
            case FLAG: {
                String lower = trimmed.toLowerCase(Locale.ROOT);
                if (!choices.contains(lower)) {
                    throw rejected(value);
                }
                return lower;
            }
            case TEXT:
            default:
                if (trimmed.isEmpty()) {
                    throw new IllegalArgumentException(key + " must not be empty");
                }
                return trimmed;
        }
    }

    private IllegalArgumentException rejected(String value) {
        return new IllegalArgumentException(key + " must be " + allowed() + ", was '" + value + "'");
    }

    /** The allowed values in words, such as {@code an integer in [1, 1024]}. */
    public String allowed() {
        switch (type) {
            case INTEGER:
                return "an integer in [" + (long) min + ", " + (long) max + "]";
            case REAL:
                return "a number in " + (minOpen ? "(" : "[") + number(min) + ", " + number(max) + "]";
            case CHOICE:
            case FLAG:
                return "one of " + String.join(", ", choices);
            case TEXT:
            default:
                return "text";
        }
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return "inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** {@code copies = 4 (an integer in [1, 1024]): augmented copies per example}. */
    @Override
    public String toString() {
        return key + " = " + defaultValue + " (" + allowed() + "): " + description;
    }
}
