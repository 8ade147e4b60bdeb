package org.gentrain.energy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The power {@code s} of a hyperspherical energy (Liu et al., "Learning towards Minimum
 * Hyperspherical Energy", NeurIPS 2018), as the authors' code names it: {@code 0}, {@code 1}, {@code
 * 2} on the Euclidean distance of the normalised neurons, {@code a0}, {@code a1}, {@code a2} on
 * their angle.
 *
 * <p>With {@code d2 = 2 - 2 cos} the squared Euclidean distance and {@code t = acos(cos) / pi +
 * 1e-4} the normalised angle, one pair contributes {@code -log d2}, {@code d2^-1/2}, {@code d2^-1}
 * (powers 0, 1, 2) or {@code -log t}, {@code 1/t}, {@code 1/t^2} (a0, a1, a2).
 */
public enum EnergyPower {
    /** {@code -log(2 - 2 cos)}: logarithmic energy. */
    EUCLIDEAN_0("0"),
    /** {@code (2 - 2 cos)^-1/2}: Riesz 1-energy, the Thomson problem. */
    EUCLIDEAN_1("1"),
    /** {@code (2 - 2 cos)^-1}: Riesz 2-energy, the protocol's and the tracker's default. */
    EUCLIDEAN_2("2"),
    /** {@code -log t} on the normalised angle. */
    ANGULAR_0("a0"),
    /** {@code 1/t} on the normalised angle. */
    ANGULAR_1("a1"),
    /** {@code 1/t^2} on the normalised angle. */
    ANGULAR_2("a2");

    private final String code;

    EnergyPower(String code) {
        this.code = code;
    }

    /** The power as the authors' code and the command line write it: 0, 1, 2, a0, a1 or a2. */
    public String code() {
        return code;
    }

    /** Whether the energy is on angles rather than Euclidean distances. */
    public boolean isAngular() {
        return code.startsWith("a");
    }

    /** Whether this power is logarithmic (0 or a0). */
    boolean isLogarithmic() {
        return code.endsWith("0");
    }

    /**
     * The power written as {@code 0}, {@code 1}, {@code 2}, {@code a0}, {@code a1} or {@code a2}.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static EnergyPower parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (EnergyPower power : values()) {
            if (power.code.equals(wanted) || power.name().equalsIgnoreCase(wanted)) {
                return power;
            }
        }
        throw new IllegalArgumentException("power must be one of "
                + Arrays.stream(values()).map(EnergyPower::code).collect(Collectors.joining(", "))
                + ", was '" + text + "'");
    }

    @Override
    public String toString() {
        return code;
    }
}
