package org.gentrain.train;

import java.util.Locale;

/**
 * An optimizer's kind, hyperparameters and learning-rate schedule: a value that {@link
 * #newOptimizer()} turns into an optimizer with a fresh state.
 *
 * <ul>
 *   <li>{@link Kind#SGD}: SGD with heavy-ball momentum and weight decay ({@link MomentumSgd}), the
 *       optimizer of the COT, MaxUp, MHE and OPT papers' code; the benchmark protocol's values are
 *       the default ({@link #PROTOCOL}: learning rate 0.05, momentum 0.9, weight decay 5e-4).
 *   <li>{@link Kind#ADAM}: Adam ({@link Adam}; Kingma and Ba 2015), the GCE authors' optimizer,
 *       with torch's defaults {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code epsilon = 1e-8}.
 * </ul>
 *
 * A hyperparameter that the kind does not use must be 0 ({@code momentum} for Adam; {@code beta1},
 * {@code beta2}, {@code epsilon} for SGD), so that none is ever silently ignored; the factories
 * {@link #sgd} and {@link #adam} set them so. A {@code null} kind or schedule (a {@code
 * config.json} written before Adam and schedules existed) reads as SGD and a constant rate.
 *
 * @param kind which optimizer
 * @param learningRate the base step size, {@code > 0}; the schedule scales it per epoch
 * @param momentum SGD's heavy-ball momentum, in {@code [0, 1)}
 * @param beta1 Adam's first-moment decay, in {@code [0, 1)}
 * @param beta2 Adam's second-moment decay, in {@code [0, 1)}
 * @param epsilon Adam's denominator offset, {@code > 0}
 * @param weightDecay the L2 coefficient added to every gradient ({@code grad + weightDecay * w}),
 *     {@code >= 0}
 * @param schedule how the learning rate changes from epoch to epoch
 */
public record OptimizerSettings(
        Kind kind,
        float learningRate,
        float momentum,
        float beta1,
        float beta2,
        float epsilon,
        float weightDecay,
        LearningRateSchedule schedule)
        implements java.io.Serializable {

    /** The kinds of optimizer. */
    public enum Kind {
        /** SGD with momentum: {@link MomentumSgd}. */
        SGD,
        /** Adam: {@link Adam}. */
        ADAM;

        /** The name on the command line. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind called {@code name} on the command line ({@code sgd} or {@code adam}). */
        public static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.cliName().equals(Checks.required("optimizer", name).toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("optimizer must be sgd or adam, was '" + name + "'");
        }
    }

    /** The benchmark protocol's settings: SGD, learning rate 0.05, momentum 0.9, weight decay 5e-4, constant. */
    public static final OptimizerSettings PROTOCOL = sgd(0.05f, 0.9f, 5e-4f);

    /** torch's Adam defaults for the moments' decays. */
    public static final float ADAM_BETA1 = 0.9f, ADAM_BETA2 = 0.999f;

    /** torch's Adam default for epsilon. */
    public static final float ADAM_EPSILON = 1e-8f;

    /** Validates the settings; each message names the parameter, the value and the allowed range. */
    public OptimizerSettings {
        kind = kind == null ? Kind.SGD : kind;
        schedule = schedule == null ? LearningRateSchedule.constant() : schedule;
        Checks.positive("learningRate", learningRate);
        Checks.atLeast("weightDecay", weightDecay, 0);
        if (kind == Kind.SGD) {
            Checks.inRange("momentum", momentum, 0, true, 1, false);
            unused(kind, "beta1", beta1);
            unused(kind, "beta2", beta2);
            unused(kind, "epsilon", epsilon);
        } else {
            Checks.inRange("beta1", beta1, 0, true, 1, false);
            Checks.inRange("beta2", beta2, 0, true, 1, false);
            Checks.positive("epsilon", epsilon);
            unused(kind, "momentum", momentum);
        }
    }

    private static void unused(Kind kind, String name, float value) {
        if (value != 0f) {
            throw new IllegalArgumentException(
                    name + " does not apply to " + kind.cliName() + " (it must be 0, was " + value + ")");
        }
    }

    /** SGD with momentum at a constant rate, as before Adam and schedules existed. */
    public OptimizerSettings(float learningRate, float momentum, float weightDecay) {
        this(Kind.SGD, learningRate, momentum, 0f, 0f, 0f, weightDecay, LearningRateSchedule.constant());
    }

    /** SGD with momentum at a constant rate. */
    public static OptimizerSettings sgd(float learningRate, float momentum, float weightDecay) {
        return new OptimizerSettings(learningRate, momentum, weightDecay);
    }

    /** Adam at a constant rate. */
    public static OptimizerSettings adam(
            float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
        return new OptimizerSettings(
                Kind.ADAM, learningRate, 0f, beta1, beta2, epsilon, weightDecay, LearningRateSchedule.constant());
    }

    /** Adam with torch's defaults ({@code betas = (0.9, 0.999)}, {@code epsilon = 1e-8}), no weight decay. */
    public static OptimizerSettings adam(float learningRate) {
        return adam(learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, 0f);
    }

    /** These settings with another base learning rate. */
    public OptimizerSettings withLearningRate(float rate) {
        return new OptimizerSettings(kind, rate, momentum, beta1, beta2, epsilon, weightDecay, schedule);
    }

    /** These settings with another weight decay. */
    public OptimizerSettings withWeightDecay(float decay) {
        return new OptimizerSettings(kind, learningRate, momentum, beta1, beta2, epsilon, decay, schedule);
    }

    /** These settings with another schedule. */
    public OptimizerSettings withSchedule(LearningRateSchedule newSchedule) {
        return new OptimizerSettings(kind, learningRate, momentum, beta1, beta2, epsilon, weightDecay, newSchedule);
    }

    /** The scheduled learning rate of the 0-based epoch {@code epochIndex}. */
    public float learningRateAt(int epochIndex) {
        return schedule.rate(learningRate, epochIndex);
    }

    /** A new optimizer of this kind with these settings and a fresh, empty state. */
    public StatefulOptimizer newOptimizer() {
        return kind == Kind.SGD ? new MomentumSgd(this) : new Adam(this);
    }

    /** One line for logs and reports, such as {@code sgd lr=0.05 momentum=0.9 weight-decay=5.0E-4 schedule=constant}. */
    public String describe() {
        String hyper = kind == Kind.SGD
                ? "momentum=" + momentum
                : "beta1=" + beta1 + " beta2=" + beta2 + " epsilon=" + epsilon;
        return kind.cliName() + " lr=" + learningRate + " " + hyper + " weight-decay=" + weightDecay + " schedule="
                + schedule.spec();
    }
}
