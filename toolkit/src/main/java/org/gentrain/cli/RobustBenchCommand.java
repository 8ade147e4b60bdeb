package org.gentrain.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.models.SmallCnn;
import org.gentrain.robust.AdversarialTraining;
import org.gentrain.robust.AttackSpec;
import org.gentrain.robust.GaussianAugmentation;
import org.gentrain.robust.PixelSpace;
import org.gentrain.robust.RobustAccuracy;
import org.gentrain.robust.RobustResult;
import org.gentrain.train.Devices;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gentrain robust-bench}: trains SmallCNN with cross-entropy, then times each attack's
 * robust-accuracy evaluation over the test set (after an untimed warm-up on one chunk), and the
 * step cost of the robustness baselines' objectives against ERM's. One JSON line per measurement.
 */
@Command(
        name = "robust-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Time robust-accuracy evaluations (default PGD-10 at eps 0.1 over the whole test set) of a "
                        + "SmallCNN trained with cross-entropy, and the step cost of gauss-aug and pgd-at against erm "
                        + "(SGD 0.05/0.9/5e-4, batch 128 by default). One JSON line per measurement; run it on a quiet machine.")
final class RobustBenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--epochs",
            defaultValue = "1",
            description = "Epochs of cross-entropy training before the attacks. " + "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--attacks",
            defaultValue = "pgd:0.1",
            description =
                    "Attacks to time, as an attack spec (see the README's Robustness section), such as "
                            + "fgsm:0.1,pgd:0.1,pgd40:0.2. Default: ${DEFAULT-VALUE} (PGD-10, step 2.5 eps / 10, random start).")
    String attacks;

    @Option(
            names = "--chunk",
            defaultValue = "1000",
            description = "Images attacked at once. Default: ${DEFAULT-VALUE}.")
    int chunk;

    @Option(
            names = "--steps",
            defaultValue = "60",
            description =
                    "Training steps per objective for the step-cost ratios (steps 1-10 are warm-up; more epochs if the "
                            + "training set is shorter); 0 skips them. "
                            + "Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(
            names = "--objectives",
            split = ",",
            defaultValue = "erm,gauss-aug,pgd-at",
            description =
                    "Objectives whose step time to compare with erm's: erm, gauss-aug, pgd-at. Default: ${DEFAULT-VALUE}.")
    List<String> objectives = new ArrayList<>();

    @Option(names = "--pgd-at-eps", defaultValue = "0.1", description = "pgd-at's budget. Default: ${DEFAULT-VALUE}.")
    double pgdAtEps;

    @Option(
            names = "--pgd-at-steps",
            defaultValue = "7",
            description = "pgd-at's PGD steps. Default: ${DEFAULT-VALUE}.")
    int pgdAtSteps;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Training batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "auto|cpu|gpu",
            description = "Default: ${DEFAULT-VALUE}.")
    String device;

    @Mixin
    DataOptions dataOptions;

    @Override
    public void run() {
        long loadStart = System.nanoTime();
        TrainTestSplit data;
        AttackSpec attackSpec;
        Device chosen;
        PixelSpace pixels;
        List<Objective> compared = new ArrayList<>();
        try {
            dataOptions.validate();
            chosen = Devices.choose(device);
            if (epochs < 0) {
                throw new IllegalArgumentException("--epochs must be >= 0, was " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, was " + batchSize);
            }
            if (chunk < 1) {
                throw new IllegalArgumentException("--chunk must be >= 1, was " + chunk);
            }
            if (steps != 0 && steps < 11) {
                throw new IllegalArgumentException(
                        "--steps must be 0 or >= 11 (steps 1 to 10 are warm-up), was " + steps);
            }
            attackSpec = AttackSpec.parse(attacks, seed);
            pixels = PixelSpace.of(dataOptions.dataset());
            for (String name : objectives) {
                compared.add(objective(name.trim().toLowerCase(Locale.ROOT), pixels));
            }
            data = dataOptions.load(seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        System.err.println(
                "robust-bench: data " + data.source() + ", " + data.train().size() + " training and "
                        + data.test().size() + " test images, device " + chosen
                        + String.format(Locale.ROOT, " (loaded in %.1f s)", (System.nanoTime() - loadStart) / 1e9));
        try (Learner learner = Learner.builder()
                .setModel(SmallCnn.create(data.train().numClasses()))
                .setInputShape(data.train().imageShape())
                .optSeed(seed)
                .optBatchSize(batchSize)
                .optDevice(chosen)
                .build()) {
            long start = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                learner.trainEpoch(data.train());
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double clean = learner.evaluate(data.test());
            out.printf(
                    Locale.ROOT,
                    "{\"kind\":\"train\",\"epochs\":%d,\"seconds\":%.3f,\"clean_accuracy\":%.4f}%n",
                    epochs,
                    trainSeconds,
                    clean);
            out.flush();
            org.gentrain.robust.TargetModel model = org.gentrain.robust.TargetModel.of(learner, pixels);
            for (AttackSpec.Evaluation evaluation : attackSpec.evaluations()) {
                RobustAccuracy robust = RobustAccuracy.builder()
                        .setModel(model)
                        .addAttack(evaluation.label(), evaluation.attack())
                        .optChunkSize(chunk)
                        .build();
                robust.evaluate(data.test().head(Math.min(chunk, data.test().size())), learner.manager());
                long begin = System.nanoTime();
                RobustResult result = robust.evaluate(data.test(), learner.manager())
                        .results()
                        .get(0);
                double seconds = (System.nanoTime() - begin) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "{\"kind\":\"attack\",\"column\":\"%s\",\"attack\":\"%s\",\"images\":%d,"
                                + "\"seconds\":%.3f,\"images_per_second\":%.1f,\"robust_accuracy\":%.4f}%n",
                        result.column(),
                        evaluation.attack(),
                        result.total(),
                        seconds,
                        result.total() / seconds,
                        result.accuracy());
                out.flush();
            }
        }
        if (steps > 0) {
            double ermMillis = Double.NaN;
            for (Objective objective : compared) {
                try (Learner learner = Learner.builder()
                        .setModel(SmallCnn.create(data.train().numClasses()))
                        .setInputShape(data.train().imageShape())
                        .optRecipe(Recipe.of(objective))
                        .optSeed(seed)
                        .optBatchSize(batchSize)
                        .optDevice(chosen)
                        .build()) {
                    double[] stepMillis = new double[steps];
                    int done = 0;
                    while (done < steps) {
                        EpochResult epoch = learner.trainEpoch(data.train(), steps - done);
                        System.arraycopy(epoch.stepMillis(), 0, stepMillis, done, epoch.steps());
                        done += epoch.steps();
                    }
                    double millis = new EpochResult(1, steps, Double.NaN, stepMillis).medianStepMillis(11, steps);
                    if (objective.name().equals("erm")) {
                        ermMillis = millis;
                    }
                    out.printf(
                            Locale.ROOT,
                            "{\"kind\":\"step\",\"objective\":\"%s\",\"steps\":%d,"
                                    + "\"median_step_ms\":%.3f,\"overhead_vs_erm\":%s}%n",
                            objective.name(),
                            steps,
                            millis,
                            Double.isNaN(ermMillis) ? "null" : String.format(Locale.ROOT, "%.3f", millis / ermMillis));
                    out.flush();
                }
            }
        }
    }

    private Objective objective(String name, PixelSpace pixels) {
        switch (name) {
            case "erm":
                return Recipe.erm().objective();
            case GaussianAugmentation.NAME:
                return GaussianAugmentation.builder().build();
            case AdversarialTraining.NAME:
                return AdversarialTraining.builder()
                        .setPixelSpace(pixels)
                        .optEps(pgdAtEps)
                        .optSteps(pgdAtSteps)
                        .build();
            default:
                throw new IllegalArgumentException(
                        "--objectives must name erm, gauss-aug or pgd-at, was '" + name + "'");
        }
    }
}
