package org.gentrain.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the learning rate changes over a run: an optional linear warm-up followed by a constant rate,
 * multi-step decay or cosine annealing. The rate is a function of the epoch alone, set at each
 * epoch's start and constant within it (the papers step their schedules at epoch boundaries, as
 * PyTorch's {@code MultiStepLR} and {@code CosineAnnealingLR} do when stepped once per epoch).
 *
 * <p>For the 0-based epoch index {@code t} (the first epoch is {@code t = 0}) and the base rate
 * {@code r}:
 *
 * <ul>
 *   <li>warm-up of {@code W} epochs: a factor {@code (t + 1) / W} while {@code t < W}, 1 after;
 *   <li>constant: {@code r};
 *   <li>step (multi-step decay at milestones {@code m_1 < m_2 < ...} by {@code factor}): {@code r *
 *       factor^k} with {@code k} the number of milestones {@code <= t}, so with milestones 100, 150
 *       the epochs {@code t = 0..99} (epochs 1 to 100) train at {@code r}, {@code t = 100..149} at
 *       {@code r * factor}, and the rest at {@code r * factor^2} (the COT protocol);
 *   <li>cosine over {@code T} epochs (to 0, after any warm-up): {@code r * (1 + cos(pi * s / (T -
 *       W))) / 2} with {@code s = max(0, t - W)}, clamped to 0 for {@code t >= T}; its first epoch
 *       after warm-up trains at {@code r} and its last at a small positive rate.
 * </ul>
 *
 * The warm-up factor multiplies the decay's rate, so with warm-up the milestones still count from
 * the run's first epoch.
 *
 * <p>On the command line ({@link #parse}): {@code constant}, {@code step:100,150@0.1}, {@code
 * cosine} (over the run's epochs) or {@code cosine:200}, each optionally after {@code warmup:5+}.
 *
 * @param warmupEpochs the warm-up's length {@code W}, {@code >= 0} (0: none)
 * @param decay what follows the warm-up
 * @param milestones for {@link Decay#STEP}: the 0-based epoch indices where the rate is multiplied
 *     by {@code factor}, increasing and {@code >= 1}; empty otherwise
 * @param factor for {@link Decay#STEP}: the multiplier, in {@code (0, 1]}; 1 otherwise
 * @param epochs for {@link Decay#COSINE}: the run's length {@code T}, {@code > W}; 0 otherwise
 */
public record LearningRateSchedule(int warmupEpochs, Decay decay, List<Integer> milestones, float factor, int epochs)
        implements java.io.Serializable {

    /** What the schedule does after its warm-up. */
    public enum Decay {
        /** The base rate throughout. */
        CONSTANT,
        /** Multiplied by a factor at each milestone. */
        STEP,
        /** Half a cosine period from the base rate to 0. */
        COSINE
    }

    /** The grammar {@link #parse} accepts, for messages and help. */
    public static final String GRAMMAR =
            "constant | step:E1,E2,...@FACTOR | cosine[:EPOCHS], optionally after warmup:W+ (e.g. warmup:5+cosine)";

    /** Validates the schedule; each message names the parameter. */
    public LearningRateSchedule {
        Checks.required("decay", decay);
        milestones = List.copyOf(Checks.required("milestones", milestones));
        Checks.atLeast("warmupEpochs", warmupEpochs, 0);
        switch (decay) {
            case STEP:
                if (milestones.isEmpty()) {
                    throw new IllegalArgumentException("milestones must not be empty for a step schedule");
                }
                int previous = 0;
                for (int milestone : milestones) {
                    if (milestone <= previous) {
                        throw new IllegalArgumentException(
                                "milestones must be increasing epochs >= 1, was " + milestones);
                    }
                    previous = milestone;
                }
                Checks.inRange("factor", factor, 0, false, 1, true);
                if (epochs != 0) {
                    throw new IllegalArgumentException("epochs applies to cosine schedules only, was " + epochs);
                }
                break;
            case COSINE:
                if (epochs <= warmupEpochs) {
                    throw new IllegalArgumentException("epochs must be > warmupEpochs (" + warmupEpochs
                            + ") for a cosine schedule, was " + epochs);
                }
                requireDecayDefaults(milestones, factor);
                break;
            default:
                requireDecayDefaults(milestones, factor);
                if (epochs != 0) {
                    throw new IllegalArgumentException("epochs applies to cosine schedules only, was " + epochs);
                }
        }
    }

    private static void requireDecayDefaults(List<Integer> milestones, float factor) {
        if (!milestones.isEmpty()) {
            throw new IllegalArgumentException("milestones apply to step schedules only, was " + milestones);
        }
        if (factor != 1f) {
            throw new IllegalArgumentException("factor applies to step schedules only, was " + factor);
        }
    }

    /** The base rate throughout. */
    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(0, Decay.CONSTANT, List.of(), 1f, 0);
    }

    /** The base rate multiplied by {@code factor} at each of the 0-based epoch indices {@code milestones}. */
    public static LearningRateSchedule step(List<Integer> milestones, float factor) {
        return new LearningRateSchedule(0, Decay.STEP, milestones, factor, 0);
    }

    /** Cosine annealing from the base rate to 0 over a run of {@code epochs} epochs. */
    public static LearningRateSchedule cosine(int epochs) {
        return new LearningRateSchedule(0, Decay.COSINE, List.of(), 1f, epochs);
    }

    /** This schedule after a linear warm-up of {@code epochs} epochs. */
    public LearningRateSchedule withWarmup(int epochs) {
        return new LearningRateSchedule(epochs, decay, milestones, factor, this.epochs);
    }

    /**
     * The learning rate of the 0-based epoch {@code epochIndex} for the base rate {@code base}.
     *
     * @throws IllegalArgumentException if {@code epochIndex < 0}
     */
    public float rate(float base, int epochIndex) {
        Checks.atLeast("epochIndex", epochIndex, 0);
        double warm = epochIndex < warmupEpochs ? (epochIndex + 1) / (double) warmupEpochs : 1.0;
        double decayed;
        switch (decay) {
            case STEP:
                int passed = 0;
                for (int milestone : milestones) {
                    if (milestone <= epochIndex) {
                        passed++;
                    }
                }
                decayed = Math.pow(factor, passed);
                break;
            case COSINE:
                if (epochIndex >= epochs) {
                    decayed = 0;
                } else {
                    int s = Math.max(0, epochIndex - warmupEpochs);
                    decayed = (1 + Math.cos(Math.PI * s / (epochs - warmupEpochs))) / 2;
                }
                break;
            default:
                decayed = 1;
        }
        return (float) (base * warm * decayed);
    }

    /**
     * Parses a schedule in the command-line grammar {@value #GRAMMAR}; {@code runEpochs} is the
     * length of a {@code cosine} without an explicit one.
     *
     * @throws IllegalArgumentException naming {@code --schedule}, the text and the grammar
     */
    public static LearningRateSchedule parse(String text, int runEpochs) {
        String spec = Checks.required("schedule", text).strip().toLowerCase(Locale.ROOT);
        try {
            int warmup = 0;
            if (spec.startsWith("warmup:")) {
                int plus = spec.indexOf('+');
                String count = plus < 0 ? spec.substring(7) : spec.substring(7, plus);
                warmup = Integer.parseInt(count);
                spec = plus < 0 ? "constant" : spec.substring(plus + 1);
            }
            LearningRateSchedule decay;
            if (spec.equals("constant")) {
                decay = constant();
            } else if (spec.equals("cosine")) {
                decay = cosine(runEpochs);
            } else if (spec.startsWith("cosine:")) {
                decay = cosine(Integer.parseInt(spec.substring(7)));
            } else if (spec.startsWith("step:") && spec.contains("@")) {
                String[] parts = spec.substring(5).split("@", -1);
                List<Integer> milestones = new ArrayList<>();
                for (String milestone : parts[0].split(",", -1)) {
                    milestones.add(Integer.parseInt(milestone.strip()));
                }
                decay = step(milestones, Float.parseFloat(parts[1]));
            } else {
                throw new IllegalArgumentException("unknown form");
            }
            return decay.withWarmup(warmup);
        } catch (IllegalArgumentException e) {
            String reason = e instanceof NumberFormatException ? "not a number: " + e.getMessage() : e.getMessage();
            throw new IllegalArgumentException(
                    "--schedule '" + text + "' is invalid (" + reason + "); expected " + GRAMMAR);
        }
    }

    /** The schedule in the grammar {@link #parse} reads, such as {@code warmup:5+step:100,150@0.1}. */
    public String spec() {
        String warm = warmupEpochs > 0 ? "warmup:" + warmupEpochs + "+" : "";
        switch (decay) {
            case STEP:
                return warm + "step:" + milestones.stream().map(String::valueOf).collect(Collectors.joining(",")) + "@"
                        + factor;
            case COSINE:
                return warm + "cosine:" + epochs;
            default:
                return warm + "constant";
        }
    }
}
