package org.gentrain.orthogonal;

import java.util.List;
import org.gentrain.train.ArmOptions;

/**
 * The ways of learning OPT's orthogonal matrix by their short names, for arms ({@code
 * opt-<name>}), the command line and notebooks: {@code gs}, {@code cayley}, {@code householder},
 * {@code lowdin} ({@link MappedOpt} with the {@link Orthogonalizers} of those names), {@code ogd}
 * ({@link OrthogonalDescentOpt}), {@code soft} ({@link SoftOpt}) and {@code stochastic} ({@link
 * StochasticOpt}).
 *
 * <p>Settings, by key, each read only by the method it changes:
 *
 * <ul>
 *   <li>{@code penalty} (soft; a real number {@code >= 0}, 1e-2): the weight {@code lambda} of the
 *       orthogonality penalty {@code ||R R^T - I||_F^2};
 *   <li>{@code block-size} (stochastic; an integer {@code >= 2}, 32): the dimensions rotated per
 *       step, capped at each layer's fan-in.
 * </ul>
 */
public final class OptMethods {

    private static final List<String> NAMES = List.of(
            "gs", "cayley", "householder", "lowdin", OrthogonalDescentOpt.NAME, SoftOpt.NAME, StochasticOpt.NAME);

    private OptMethods() {}

    /** The known names, in the order above. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The method of that name with its default settings.
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static OptMethod named(String name) {
        return named(name, ArmOptions.defaults());
    }

    /**
     * The method of that name with its settings read from {@code options} ({@code penalty} for
     * {@code soft}, {@code block-size} for {@code stochastic}, none for the others).
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones, or a setting
     *     and its allowed values
     */
    public static OptMethod named(String name, ArmOptions options) {
        switch (requireKnown(name)) {
            case OrthogonalDescentOpt.NAME:
                return new OrthogonalDescentOpt();
            case SoftOpt.NAME:
                return SoftOpt.builder()
                        .optPenalty((float) options.getDouble("penalty", SoftOpt.DEFAULT_PENALTY))
                        .build();
            case StochasticOpt.NAME:
                return StochasticOpt.builder()
                        .optBlockSize(options.getInt("block-size", StochasticOpt.DEFAULT_BLOCK_SIZE))
                        .build();
            default:
                return MappedOpt.of(Orthogonalizers.of(name));
        }
    }

    /**
     * Checks a method's name.
     *
     * @return the name
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static String requireKnown(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "OPT method must be one of " + String.join(", ", NAMES) + "; was '" + name + "'");
        }
        return name;
    }
}
