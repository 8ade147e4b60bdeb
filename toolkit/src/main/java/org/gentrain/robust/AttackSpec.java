package org.gentrain.robust;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A list of attacks at budgets, parsed from one line, for the command line and ablations:
 *
 * <pre>
 * spec    := entry (',' entry)*
 * entry   := attack ':' eps ('/' eps)* ('@' key '=' value)*
 * attack  := fgsm | bim | pgd | mim        (L-inf)
 *          | fgsm-l2 | bim-l2 | pgd-l2 | mim-l2   (L2)
 *          | pgd40                          (the GCE authors' PGD: 40 steps of 0.01, random start)
 * key     := steps (integer &gt;= 1) | step (step size in pixel units, &gt;= 0)
 *          | random-start (true|false) | decay (mim only, &gt;= 0)
 * </pre>
 *
 * Budgets are in pixel units of {@code [0, 1]}: L-inf in {@code [0, 1]}, L2 {@code >= 0}. Keys not
 * given take the attack's defaults ({@link Attack}): FGSM one step of eps; BIM 10 steps of eps / 10;
 * PGD 10 steps of {@code 2.5 eps / 10} from a random start (Madry et al.); MIM 10 steps of eps / 10
 * with decay 1 (Dong et al.). Examples: {@code fgsm:0.1,pgd:0.1}; {@code fgsm:0.05/0.1/0.2}; {@code
 * pgd-l2:0.5}; {@code pgd40:0.2}, the same as {@code pgd:0.2@steps=40@step=0.01}; {@code
 * mim:0.2@decay=0.5}.
 *
 * <p>Each (attack, budget) pair is one evaluation with a column name, {@code <label>_acc@<eps>}, the
 * label being the attack as written plus its keys in the order given: {@code fgsm_acc@0.1}, {@code
 * pgd-l2_acc@0.5}, {@code pgd@steps=40@step=0.01_acc@0.2}. Bad entries are one-line errors naming the
 * parameter and the allowed values; the same column twice is an error.
 */
public final class AttackSpec {

    /** The attacks a spec can name. */
    public static final List<String> ATTACKS =
            List.of("fgsm", "bim", "pgd", "mim", "fgsm-l2", "bim-l2", "pgd-l2", "mim-l2", "pgd40");

    /** The keys an entry can set. */
    public static final List<String> KEYS = List.of("steps", "step", "random-start", "decay");

    private final List<Evaluation> evaluations;

    private AttackSpec(List<Evaluation> evaluations) {
        this.evaluations = Collections.unmodifiableList(evaluations);
    }

    /**
     * One attack at one budget.
     *
     * @param label the attack and its keys as written, such as {@code pgd} or {@code pgd@steps=40}
     * @param attack the attack, with the spec's seed
     */
    public record Evaluation(String label, Attack attack) {

        /** The column name, such as {@code pgd_acc@0.1}. */
        public String column() {
            return label + "_acc@" + formatEps(attack.eps());
        }
    }

    /**
     * Parses a spec; every attack gets {@code seed} for its random starts.
     *
     * @throws IllegalArgumentException one line naming the entry, the parameter and the allowed values
     */
    public static AttackSpec parse(String spec, long seed) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("robust spec must name at least one attack, such as fgsm:0.1,pgd:0.1");
        }
        List<Evaluation> evaluations = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (String raw : spec.split(",", -1)) {
            String entry = raw.trim();
            try {
                for (Evaluation evaluation : parseEntry(entry, seed)) {
                    if (!columns.add(evaluation.column())) {
                        throw new IllegalArgumentException("evaluation " + evaluation.column() + " is given twice");
                    }
                    evaluations.add(evaluation);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("robust spec entry '" + entry + "': " + e.getMessage(), e);
            }
        }
        return new AttackSpec(evaluations);
    }

    /** The evaluations, in the order written. */
    public List<Evaluation> evaluations() {
        return evaluations;
    }

    /** The column names, in the order written. */
    public List<String> columns() {
        return evaluations.stream().map(Evaluation::column).toList();
    }

    private static List<Evaluation> parseEntry(String entry, long seed) {
        int colon = entry.indexOf(':');
        if (entry.isEmpty() || colon < 0) {
            throw new IllegalArgumentException("an entry must be attack:eps, such as pgd:0.1");
        }
        String name = entry.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        if (!ATTACKS.contains(name)) {
            throw new IllegalArgumentException("attack must be one of " + String.join(", ", ATTACKS) + "; was '"
                    + entry.substring(0, colon).trim() + "'");
        }
        String[] parts = entry.substring(colon + 1).split("@", -1);
        StringBuilder label = new StringBuilder(name);
        Integer steps = null;
        Double step = null;
        Boolean randomStart = null;
        Double decay = null;
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String setting = parts[i].trim();
            int equals = setting.indexOf('=');
            String key =
                    equals < 0 ? setting : setting.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "key must be one of " + String.join(", ", KEYS) + "; was '" + setting + "'");
            }
            if (equals < 0) {
                throw new IllegalArgumentException(key + " needs a value, such as " + key + "=" + example(key));
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException(key + " is given twice");
            }
            String value = setting.substring(equals + 1).trim();
            switch (key) {
                case "steps":
                    steps = parseInt(key, value);
                    break;
                case "step":
                    step = parseDouble(key, value);
                    break;
                case "random-start":
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException("random-start must be true or false, was '" + value + "'");
                    }
                    randomStart = Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
                    break;
                default:
                    decay = parseDouble(key, value);
                    break;
            }
            label.append('@').append(key).append('=').append(value);
        }
        String[] budgets = parts[0].split("/", -1);
        List<Evaluation> evaluations = new ArrayList<>();
        for (String budget : budgets) {
            double eps = parseDouble("eps", budget.trim());
            evaluations.add(new Evaluation(label.toString(), attack(name, eps, steps, step, randomStart, decay, seed)));
        }
        return evaluations;
    }

    private static Attack attack(
            String name, double eps, Integer steps, Double step, Boolean randomStart, Double decay, long seed) {
        boolean l2 = name.endsWith("-l2");
        Attack.Builder builder;
        if (name.equals("pgd40")) {
            builder = Attack.pgd().optSteps(40).optStepSize(0.01);
        } else {
            String method = l2 ? name.substring(0, name.length() - 3) : name;
            builder = Attack.builder(Attack.Method.valueOf(method.toUpperCase(Locale.ROOT)));
        }
        builder.setEps(eps).optNorm(l2 ? Attack.Norm.L2 : Attack.Norm.LINF).optSeed(seed);
        if (steps != null) {
            builder.optSteps(steps);
        }
        if (step != null) {
            builder.optStepSize(step);
        }
        if (randomStart != null) {
            builder.optRandomStart(randomStart);
        }
        if (decay != null) {
            builder.optDecay(decay);
        }
        return builder.build();
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer >= 1, was '" + value + "'");
        }
    }

    private static double parseDouble(String key, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a finite number, was '" + value + "'");
        }
    }

    private static String example(String key) {
        switch (key) {
            case "steps":
                return "40";
            case "step":
                return "0.01";
            case "random-start":
                return "true";
            default:
                return "1.0";
        }
    }

    /** A budget as columns write it: the shortest decimal, such as {@code 0.1} or {@code 0.5}. */
    static String formatEps(double eps) {
        String text = java.math.BigDecimal.valueOf(eps).stripTrailingZeros().toPlainString();
        return text;
    }

    @Override
    public String toString() {
        return String.join(",", columns());
    }
}
