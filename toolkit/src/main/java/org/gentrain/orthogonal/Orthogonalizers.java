package org.gentrain.orthogonal;

import java.util.List;

/**
 * The ways of computing an orthogonal {@code Q(R)} by their short names, for arms and the command
 * line: {@code gs} ({@link GramSchmidt}), {@code cayley} ({@link Cayley}), {@code householder}
 * ({@link Householder}) and {@code lowdin} ({@link Lowdin}), each with its defaults.
 */
public final class Orthogonalizers {

    private static final List<String> NAMES = List.of("gs", "cayley", "householder", "lowdin");

    private Orthogonalizers() {}

    /** The known names, in the order above. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * A new orthogonalizer with its default settings.
     *
     * @param name one of {@link #names()}
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static Orthogonalizer of(String name) {
        switch (String.valueOf(name)) {
            case "gs":
                return new GramSchmidt();
            case "cayley":
                return new Cayley();
            case "householder":
                return new Householder();
            case "lowdin":
                return new Lowdin();
            default:
                throw new IllegalArgumentException(
                        "orthogonalizer must be one of " + String.join(", ", NAMES) + ", was " + name);
        }
    }
}
