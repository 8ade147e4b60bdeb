package org.gentrain.train;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Settings of an arm given on the command line or in an ablation, by key, such as {@code copies=4}
 * or {@code alpha=0.2}. Each technique reads the keys it knows, with its own defaults; a value
 * that does not parse is rejected with its key named. {@link #keysReadBy} tells which keys a
 * construction asks for, so that a misspelt or misplaced key can be rejected instead of ignored.
 */
public final class ArmOptions {

    private final Map<String, String> values;
    /** The keys asked for since {@link #keysReadBy} made this copy, shared with its derived copies; or null. */
    private final Set<String> keysRead;

    private ArmOptions(Map<String, String> values, Set<String> keysRead) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.keysRead = keysRead;
    }

    private ArmOptions(Map<String, String> values) {
        this(values, null);
    }

    /** No settings: every technique uses its defaults. */
    public static ArmOptions defaults() {
        return new ArmOptions(Map.of());
    }

    /** The given settings. */
    public static ArmOptions of(Map<String, String> values) {
        return new ArmOptions(values);
    }

    /** These settings with one more (or a replaced) value. */
    public ArmOptions with(String key, Object value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, String.valueOf(value));
        return new ArmOptions(copy, keysRead);
    }

    /**
     * The keys that {@code use} asks for when given these settings, whether they are set or not,
     * counting what it asks of copies made with {@link #with}.
     *
     * @param use a construction from settings, such as building an arm's recipe
     * @return the keys read, sorted
     */
    public Set<String> keysReadBy(Consumer<ArmOptions> use) {
        Set<String> read = new HashSet<>();
        use.accept(new ArmOptions(values, read));
        return Collections.unmodifiableSet(new TreeSet<>(read));
    }

    private String value(String key) {
        if (keysRead != null) {
            keysRead.add(key);
        }
        return values.get(key);
    }

    /** An integer setting, or {@code fallback} if absent. */
    public int getInt(String key, int fallback) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
        }
    }

    /** A real setting, or {@code fallback} if absent. */
    public double getDouble(String key, double fallback) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'");
        }
    }

    /**
     * An integer setting that must be present, as an arm part's factory reads it (the registry
     * fills in every declared default).
     *
     * @throws IllegalStateException if absent
     */
    public int getInt(String key) {
        requirePresent(key);
        return getInt(key, 0);
    }

    /** A real setting that must be present (see {@link #getInt(String)}). */
    public double getDouble(String key) {
        requirePresent(key);
        return getDouble(key, 0);
    }

    /** A text setting that must be present (see {@link #getInt(String)}). */
    public String getString(String key) {
        requirePresent(key);
        return getString(key, null);
    }

    /** A {@code true}/{@code false} setting that must be present (see {@link #getInt(String)}). */
    public boolean getBoolean(String key) {
        String value = getString(key).trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private void requirePresent(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalStateException(
                    "setting " + key + " has no value; declare it (with a default) in the arm part");
        }
    }

    /** A text setting, or {@code fallback} if absent. */
    public String getString(String key, String fallback) {
        String value = value(key);
        return value == null ? fallback : value;
    }

    /** Every setting, by key. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
