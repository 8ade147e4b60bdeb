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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gentrain ablate}: the main job. With no arguments it compares the default arms on the
 * embedded default subset of Fashion-MNIST, one seed, two epochs, and writes {@code results/}.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run every arm with every seed on the same data; print the summary and write tables (CSV), "
                + "configuration (JSON), charts (PNG) and checkpoints to the output folder.")
final class AblateCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--arms", split = ",", paramLabel = "ARM",
            description = "Arms to compare, the first being the baseline. Default: the main job's arms (${DEFAULT-VALUE}). "
                    + "An arm may carry its own settings: maxup-cutout@copies=8, erm@lr=0.01. See 'gentrain arms'.")
    List<String> arms = new ArrayList<>(Ablation.DEFAULT_ARMS);

    @Option(names = "--seeds", split = ",", defaultValue = "1", description = "Seeds, such as 1,2,3. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--epochs", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--model", defaultValue = "smallcnn", paramLabel = "smallcnn|mlp", description = "Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--out", defaultValue = "results", paramLabel = "FOLDER", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted run in --out from its checkpoints.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace results already in --out.")
    boolean overwrite;

    @Option(names = "--full-data", description = "Use the best available Fashion-MNIST (as train does) instead of "
            + "the embedded default subset.")
    boolean fullData;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train the arm x seed units as Apache Spark tasks: local[N] or local[N,F] (F attempts per task) "
                    + "on this machine, or submit under spark-submit. Needs the gentrain-spark jar (the gentrain "
                    + "launcher starts it). See the README, \"Sweeps on Spark\".")
    String spark;

    @Option(names = "--task-threads", paramLabel = "N",
            description = "With --spark: engine threads per task. Default: the cores divided by the tasks run at once "
                    + "(local mode), 1 under spark-submit unless spark.task.cpus says more.")
    Integer taskThreads;

    @Mixin RunOptions run;

    @Mixin DataOptions dataOptions;

    /**
     * Where {@code ablate} gets its data, as a description that can be sent to other processes
     * ({@code --spark}): loads exactly what the options name, cut to the requested sizes.
     */
    record CliData(boolean embeddedDefault, String dataset, String folder, boolean embedded, Integer trainSize,
            Integer testSize, long seed) implements AblationSpec.DataSource {

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
                backend = AblationBackend.find("spark").orElseThrow(() -> new IllegalArgumentException(
                        "--spark needs the gentrain-spark jar on the class path: run it with ./gentrain ablate --spark "
                                + spark + " ... or spark-submit the gentrain-spark jar (README, \"Sweeps on Spark\")"));
                backend.configure(spark, taskThreads);
            } else if (taskThreads != null) {
                throw new IllegalArgumentException("--task-threads needs --spark");
            }
            run.validate();
            dataOptions.validate();
            long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
            boolean embedded = dataOptions.data == null && !fullData && dataOptions.dataset().hasEmbedded();
            ablation = Ablation.builder()
                    .arms(arms)
                    .seeds(seedArray)
                    .epochs(epochs)
                    .model(model)
                    .batchSize(run.batchSize)
                    .optimizer(run.optimizer())
                    .options(run.armOptions())
                    .device(run.device)
                    .output(out)
                    .resume(resume)
                    .overwrite(overwrite)
                    .dataSource(new CliData(embedded, dataOptions.dataset,
                            dataOptions.data == null ? null : dataOptions.data.toAbsolutePath().toString(),
                            dataOptions.embedded, dataOptions.trainSize, dataOptions.testSize, seedArray[0]));
            if (dataOptions.trainSize != null) {
                ablation.trainSize(dataOptions.trainSize);
            }
            if (dataOptions.testSize != null) {
                ablation.testSize(dataOptions.testSize);
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
        outWriter.println("data: " + result.config().dataSource() + " (" + result.config().trainSize() + " train, "
                + result.config().testSize() + " test images), " + result.config().epochs() + " epochs, seeds "
                + result.config().seeds());
        outWriter.println(result);
        result.statuses().stream().filter(s -> s.diverged()).forEach(s -> outWriter.println(s.message()));
        outWriter.println("results written to " + out.toAbsolutePath()
                + " (epochs.csv, summary.csv, config.json, accuracy.png, energy.png, overhead.png, checkpoints/)");
        outWriter.flush();
    }
}
