package org.gentrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.ablation.Ablation;
import org.gentrain.ablation.AblationBackend;
import org.gentrain.ablation.AblationResult;
import org.gentrain.ablation.AblationSpec;
import org.gentrain.data.FashionMnist;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.robust.AttackSpec;
import org.gentrain.robust.PixelSpace;
import org.gentrain.robust.RobustProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gentrain ablate}: the main job. With no arguments it compares the default arms on the
 * embedded default subset of Fashion-MNIST, one seed, two epochs, and writes {@code results/}.
 */
@Command(
        name = "ablate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run every arm with every seed on the same data; print the summary and write tables (CSV), "
                + "configuration (JSON), charts (PNG) and checkpoints to the output folder.")
final class AblateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--arms",
            split = ",",
            paramLabel = "ARM",
            description =
                    "Arms to compare, the first being the baseline. Default: the main job's arms (${DEFAULT-VALUE}). "
                            + "An arm may carry its own settings: maxup-cutout@copies=8, erm@lr=0.01. See 'gentrain arms'.")
    List<String> arms = new ArrayList<>(Ablation.DEFAULT_ARMS);

    @Option(
            names = "--seeds",
            split = ",",
            defaultValue = "1",
            description = "Seeds, such as 1,2,3. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--epochs", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--model",
            defaultValue = "smallcnn",
            paramLabel = "NAME",
            description = "The model (see 'gentrain models'), made for the data's shape. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--out",
            defaultValue = "results",
            paramLabel = "FOLDER",
            description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted run in --out from its checkpoints.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace results already in --out.")
    boolean overwrite;

    @Option(
            names = "--full-data",
            description =
                    "Use the best available Fashion-MNIST (as train does) instead of " + "the embedded default subset.")
    boolean fullData;

    @Option(
            names = "--robust",
            paramLabel = "SPEC",
            description = "Robust accuracy after the last epoch under attacks, such as fgsm:0.1,pgd:0.1,pgd40:0.2 "
                    + "(columns fgsm_acc@0.1, ...; see the README's Robustness section).")
    String robust;

    @Option(
            names = "--certify",
            split = ",",
            paramLabel = "RADIUS",
            description = "Certified accuracy at these radii after the last epoch (randomized smoothing; columns "
                    + "certified_acc@R, acr, abstain).")
    List<Double> certifyRadii;

    @Option(
            names = "--certify-sigma",
            defaultValue = "0.25",
            description = "Smoothing noise. Default: ${DEFAULT-VALUE}.")
    double certifySigma;

    @Option(
            names = "--certify-samples",
            defaultValue = "1000",
            description = "Noisy samples per certified image. Default: ${DEFAULT-VALUE}.")
    int certifySamples;

    @Option(
            names = "--robust-test-size",
            defaultValue = "1000",
            description = "Test images attacked and certified (the first N). Default: ${DEFAULT-VALUE}.")
    int robustTestSize;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description =
                    "Train the arm x seed units as Apache Spark tasks: local[N] or local[N,F] (F attempts per task) "
                            + "on this machine, or submit under spark-submit. Needs the gentrain-spark jar (the gentrain "
                            + "launcher starts it). See the README, \"Sweeps on Spark\".")
    String spark;

    @Option(
            names = "--task-threads",
            paramLabel = "N",
            description = "With --spark: engine threads per task. Default: the cores divided by the tasks run at once "
                    + "(local mode), 1 under spark-submit unless spark.task.cpus says more.")
    Integer taskThreads;

    @Option(
            names = "--train-augmentation",
            defaultValue = "none",
            paramLabel = "none|crop-flip:P",
            description = "Augment every training batch of every arm (never evaluation): crop-flip:4 for CIFAR. "
                    + "Default: ${DEFAULT-VALUE}.")
    String trainAugmentation;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    RunOptions run;

    @Mixin
    DataOptions dataOptions;

    /**
     * Where {@code ablate} gets its data, as a description that can be sent to other processes
     * ({@code --spark}): loads exactly what the options name, cut to the requested sizes.
     */
    record CliData(
            boolean embeddedDefault,
            String dataset,
            String folder,
            boolean embedded,
            Integer trainSize,
            Integer testSize,
            long seed)
            implements AblationSpec.DataSource {

        private static final long serialVersionUID = 1L;

        @Override
        public TrainTestSplit get() {
            if (embeddedDefault) {
                return FashionMnist.loadEmbedded();
            }
            DataOptions options = new DataOptions();
            options.dataset = dataset;
            options.data = folder == null ? null : Path.of(folder);
            options.embedded = embedded;
            options.trainSize = trainSize;
            options.testSize = testSize;
            return options.load(seed);
        }
    }

    @Override
    public void run() {
        Ablation ablation;
        AblationBackend backend = null;
        AblationSpec plan = null;
        try {
            if (spark != null) {
                backend = AblationBackend.find("spark")
                        .orElseThrow(() -> new IllegalArgumentException(
                                "--spark needs the gentrain-spark jar on the class path: run it with ./gentrain ablate --spark "
                                        + spark
                                        + " ... or spark-submit the gentrain-spark jar (README, \"Sweeps on Spark\")"));
                backend.configure(spark, taskThreads);
            } else if (taskThreads != null) {
                throw new IllegalArgumentException("--task-threads needs --spark");
            }
            run.validate();
            dataOptions.validate();
            long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
            boolean embedded = dataOptions.data == null
                    && !fullData
                    && dataOptions.dataset().hasEmbedded();
            ablation = Ablation.builder()
                    .arms(arms)
                    .seeds(seedArray)
                    .epochs(epochs)
                    .model(model)
                    .batchSize(run.batchSize)
                    .optimizer(optimizerOptions.settings(
                            run.learningRate,
                            run.momentum,
                            spec.commandLine().getParseResult().hasMatchedOption("--momentum"),
                            run.weightDecay,
                            epochs))
                    .trainAugmentation(TrainCommand.trainAugmentation(trainAugmentation))
                    .options(run.armOptions())
                    .device(run.device)
                    .output(out)
                    .resume(resume)
                    .overwrite(overwrite)
                    .dataSource(new CliData(
                            embedded,
                            dataOptions.dataset,
                            dataOptions.data == null
                                    ? null
                                    : dataOptions.data.toAbsolutePath().toString(),
                            dataOptions.embedded,
                            dataOptions.trainSize,
                            dataOptions.testSize,
                            seedArray[0]));
            if (dataOptions.trainSize != null) {
                ablation.trainSize(dataOptions.trainSize);
            }
            if (dataOptions.testSize != null) {
                ablation.testSize(dataOptions.testSize);
            }
            if (robust != null || certifyRadii != null) {
                ablation.evaluator(robustProbe(seedArray[0]));
            }
            ablation.validateNow();
            if (backend != null) {
                plan = ablation.spec();
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        AblationResult result;
        if (backend == null) {
            result = ablation.run();
        } else {
            try {
                result = backend.run(plan, System.err);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new RunFailure("--spark " + spark + ": " + e.getMessage(), e);
            }
        }
        PrintWriter outWriter = spec.commandLine().getOut();
        outWriter.println();
        outWriter.println(
                "data: " + result.config().dataSource() + " (" + result.config().trainSize() + " train, "
                        + result.config().testSize() + " test images), "
                        + result.config().epochs() + " epochs, seeds "
                        + result.config().seeds());
        outWriter.println(result);
        result.statuses().stream().filter(s -> s.diverged()).forEach(s -> outWriter.println(s.message()));
        outWriter.println("results written to " + out.toAbsolutePath()
                + " (epochs.csv, summary.csv, config.json, accuracy.png, energy.png, overhead.png, checkpoints/)");
        outWriter.flush();
    }

    /** The robust evaluation the options ask for, checked now, built per run from the run's data. */
    private java.util.function.Function<org.gentrain.data.TrainTestSplit, org.gentrain.train.TrainingHook> robustProbe(
            long seed) {
        if (robustTestSize < 1) {
            throw new IllegalArgumentException("--robust-test-size must be >= 1, was " + robustTestSize);
        }
        PixelSpace pixels = PixelSpace.of(dataOptions.dataset());
        java.util.function.Function<org.gentrain.data.TrainTestSplit, RobustProbe.Builder> builder = data -> {
            RobustProbe.Builder probe = RobustProbe.builder()
                    .setTest(data.test()
                            .head(Math.min(robustTestSize, data.test().size())))
                    .setPixelSpace(pixels)
                    .setEpoch(epochs)
                    .optSeed(seed);
            if (robust != null) {
                probe.optAttacks(robust);
            }
            if (certifyRadii != null) {
                probe.optCertification(
                        certifySigma,
                        certifySamples,
                        certifyRadii.stream().mapToDouble(Double::doubleValue).toArray());
            }
            return probe;
        };
        // Checks the spec, radii and settings now, on a stand-in image set of the data's shape.
        if (robust != null) {
            AttackSpec.parse(robust, seed);
        }
        if (certifyRadii != null) {
            if (!(certifySigma > 0)) {
                throw new IllegalArgumentException("--certify-sigma must be > 0, was " + certifySigma);
            }
            if (certifySamples < 1) {
                throw new IllegalArgumentException("--certify-samples must be >= 1, was " + certifySamples);
            }
            for (double radius : certifyRadii) {
                if (!(radius >= 0)) {
                    throw new IllegalArgumentException("--certify radii must be >= 0, was " + radius);
                }
            }
        }
        return data -> builder.apply(data).build();
    }
}
