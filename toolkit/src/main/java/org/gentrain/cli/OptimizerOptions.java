package org.gentrain.cli;

import java.util.List;
import org.gentrain.train.LearningRateSchedule;
import org.gentrain.train.OptimizerSettings;
import picocli.CommandLine.Option;

/**
 * The optimizer's kind, Adam's hyperparameters and the learning-rate schedule, beside the
 * learning rate, momentum and weight decay of {@link RunOptions} ({@code --lr}, {@code
 * --momentum}, {@code --weight-decay}), which every training command already has.
 *
 * <p>Schedule grammar ({@code --schedule}): {@code constant}, {@code step:E1,E2,...@FACTOR}
 * (multiply the rate by FACTOR from each listed 0-based epoch index on: {@code step:100,150@0.1}
 * trains epochs 1-100 at the base rate, 101-150 at a tenth, the rest at a hundredth), {@code
 * cosine} (to 0 over the run's {@code --epochs}) or {@code cosine:T}, each optionally after
 * {@code warmup:W+} (linear warm-up over the first W epochs). The rate changes at epoch boundaries
 * only.
 */
final class OptimizerOptions {

    @Option(
            names = "--optimizer",
            defaultValue = "sgd",
            paramLabel = "sgd|adam",
            description = "sgd: SGD with momentum (torch.optim.SGD); adam: Adam with L2 weight decay "
                    + "(torch.optim.Adam). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(
            names = "--schedule",
            defaultValue = "constant",
            paramLabel = "SCHEDULE",
            description = "Learning-rate schedule, set at each epoch's start: constant, step:E1,E2,...@FACTOR "
                    + "(e.g. step:100,150@0.1), cosine (to 0 over --epochs) or cosine:T, optionally after warmup:W+ "
                    + "(e.g. warmup:5+cosine). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(
            names = "--betas",
            split = ",",
            paramLabel = "B1,B2",
            description = "Adam only: the moments' decay rates. Default: 0.9,0.999.")
    List<Float> betas;

    @Option(names = "--eps", paramLabel = "EPS", description = "Adam only: the denominator's offset. Default: 1e-8.")
    Float epsilon;

    /**
     * The settings these options give with the run's learning rate, momentum and weight decay.
     *
     * @param momentumGiven whether {@code --momentum} was given on the command line (Adam refuses it)
     * @param epochs the run's length, for {@code cosine} without its own
     * @throws IllegalArgumentException in one line naming the option
     */
    OptimizerSettings settings(
            float learningRate, float momentum, boolean momentumGiven, float weightDecay, int epochs) {
        OptimizerSettings.Kind kind;
        try {
            kind = OptimizerSettings.Kind.named(optimizer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
        LearningRateSchedule parsed = LearningRateSchedule.parse(schedule, epochs);
        OptimizerSettings settings;
        try {
            if (kind == OptimizerSettings.Kind.SGD) {
                if (betas != null || epsilon != null) {
                    throw new IllegalArgumentException(
                            (betas != null ? "betas" : "eps") + " applies to --optimizer adam only");
                }
                settings = OptimizerSettings.sgd(learningRate, momentum, weightDecay);
            } else {
                if (momentumGiven) {
                    throw new IllegalArgumentException("momentum applies to --optimizer sgd only (adam has --betas)");
                }
                if (betas != null && betas.size() != 2) {
                    throw new IllegalArgumentException("betas must be two numbers B1,B2, was " + betas);
                }
                settings = OptimizerSettings.adam(
                        learningRate,
                        betas == null ? OptimizerSettings.ADAM_BETA1 : betas.get(0),
                        betas == null ? OptimizerSettings.ADAM_BETA2 : betas.get(1),
                        epsilon == null ? OptimizerSettings.ADAM_EPSILON : epsilon,
                        weightDecay);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--"
                    + e.getMessage()
                            .replaceFirst("^learningRate", "lr")
                            .replaceFirst("^weightDecay", "weight-decay")
                            .replaceFirst("^beta([12])", "betas: beta$1")
                            .replaceFirst("^epsilon", "eps"));
        }
        return settings.withSchedule(parsed);
    }
}
