package org.gentrain.train;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of an arm given on the command line or in an ablation, by key, such as {@code copies=4}
 * or {@code alpha=0.2}. Each technique reads the keys it knows, with its own defaults; a value
 * that does not parse is rejected with its key named.
 */
public final class ArmOptions {

    private final Map<String, String> values;

    private ArmOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
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
        return new ArmOptions(copy);
    }

    /** An integer setting, or {@code fallback} if absent. */
    public int getInt(String key, int fallback) {
        String value = values.get(key);
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
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'");
        }
    }

    /** A text setting, or {@code fallback} if absent. */
    public String getString(String key, String fallback) {
        return values.getOrDefault(key, fallback);
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
