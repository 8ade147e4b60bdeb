package org.gentrain.train;

/**
 * Stochastic gradient descent with momentum and weight decay: the optimizer every technique's
 * reference code uses, with the benchmark protocol's values as defaults (learning rate 0.05,
 * momentum 0.9, weight decay 5e-4).
 *
 * @param learningRate the step size, {@code > 0}
 * @param momentum the heavy-ball momentum, in {@code [0, 1)}
 * @param weightDecay the L2 penalty coefficient added to every gradient, {@code >= 0}
 */
public record OptimizerSettings(float learningRate, float momentum, float weightDecay) {

    /** The benchmark protocol's settings. */
    public static final OptimizerSettings PROTOCOL = new OptimizerSettings(0.05f, 0.9f, 5e-4f);

    /** Validates the settings. */
    public OptimizerSettings {
        Checks.positive("learningRate", learningRate);
        Checks.inRange("momentum", momentum, 0, true, 1, false);
        Checks.atLeast("weightDecay", weightDecay, 0);
    }

    /** These settings with another learning rate. */
    public OptimizerSettings withLearningRate(float rate) {
        return new OptimizerSettings(rate, momentum, weightDecay);
    }

    /** A new optimizer with these settings and a fresh, empty state. */
    public MomentumSgd newOptimizer() {
        return new MomentumSgd(this);
    }
}
