package org.gentrain.arms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An arm name as written, parsed: parts joined with {@code +}, then the arm's own settings, each
 * after an {@code @}: {@code maxup+comhe-rp@copies=8@lambda=0.1} or {@code erm@lr=0.01}. The same
 * grammar everywhere an arm is named (the {@code train}, {@code ablate} and {@code bench} commands,
 * {@link ArmRegistry#resolve}, notebooks and JShell).
 *
 * @param label the whole name, as given (trimmed)
 * @param parts the part names, in order
 * @param settings the arm's own settings, in order
 */
public record ArmSpec(String label, List<String> parts, Map<String, String> settings) {

    /** Freezes the lists. */
    public ArmSpec {
        parts = List.copyOf(parts);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Parses an arm name.
     *
     * @throws IllegalArgumentException for an empty name or part, or a setting without {@code =}
     */
    public static ArmSpec parse(String label) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("arm must be a name such as erm or maxup-cutout+mhe, was empty");
        }
        String trimmed = label.trim();
        String[] pieces = trimmed.split("@", -1);
        List<String> parts = new ArrayList<>();
        for (String part : pieces[0].split("\\+", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("arm '" + trimmed + "' has an empty part; parts are joined with +,"
                        + " settings follow @, as in maxup+mhe@copies=8");
            }
            parts.add(part.trim());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < pieces.length; i++) {
            int eq = pieces[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "arm '" + trimmed + "': setting '" + pieces[i] + "' must be KEY=VALUE, such as lr=0.01");
            }
            String key = pieces[i].substring(0, eq).trim();
            if (settings.put(key, pieces[i].substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("arm '" + trimmed + "' sets " + key + " twice");
            }
        }
        return new ArmSpec(trimmed, parts, settings);
    }

    /**
     * Joins parts and settings written separately (as {@code gentrain train --objective maxup@copies=2
     * --regularize mhe} does) into one arm name: the parts first, then every part's settings.
     */
    public static ArmSpec join(List<String> pieces) {
        List<String> parts = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String piece : pieces) {
            ArmSpec spec = parse(piece);
            parts.addAll(spec.parts());
            for (Map.Entry<String, String> entry : spec.settings().entrySet()) {
                if (settings.put(entry.getKey(), entry.getValue()) != null) {
                    throw new IllegalArgumentException("arm setting " + entry.getKey() + " is given twice");
                }
            }
        }
        StringBuilder label = new StringBuilder(String.join("+", parts));
        settings.forEach((k, v) -> label.append('@').append(k).append('=').append(v));
        return new ArmSpec(label.toString(), parts, settings);
    }
}
