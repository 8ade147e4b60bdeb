package org.gentrain.ablation;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.gentrain.data.FashionMnist;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.energy.EnergyTracker;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.Checks;
import org.gentrain.train.Devices;
import org.gentrain.train.DivergedException;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.ProgressBar;
import org.gentrain.train.Recipe;

/**
 * An ablation: every arm trained with every seed on the same data, in the same order, and compared.
 * The main job of gentrain: does a technique help on my data, and at what cost?
 *
 * <pre>{@code
 * AblationResult result = Ablation.builder()
 *         .data(FashionMnist.loadEmbedded())
 *         .arms("erm", "maxup-cutout", "comhe-rp+opt-cayley")
 *         .seeds(1, 2, 3)
 *         .epochs(2)
 *         .output(Path.of("results"))
 *         .run();
 * result.summary().print();
 * }</pre>
 *
 * <p>The first arm is the baseline the others are compared with. With an output folder, the run
 * writes its configuration ({@code config.json}), a checkpoint after every epoch of every arm x
 * seed, and at the end the tables as CSV and the charts as PNG. A folder that already holds
 * results is refused unless {@link #overwrite} or {@link #resume} is set; {@code resume}
 * continues from the checkpoints, losing at most the epoch that was running.
 */
public final class Ablation {

    /** Environment variable that shrinks data and epochs for quick checks (notebooks in CI). */
    public static final String QUICK_ENV = "GENTRAIN_QUICK";

    private TrainTestSplit data;
    private Supplier<TrainTestSplit> dataSource;
    private String modelName = "smallcnn";
    private Supplier<Block> model = SmallCnn::create;
    private final List<String> arms = new ArrayList<>();
    private List<Long> seeds = List.of(1L);
    private int epochs = 2;
    private int batchSize = 128;
    private OptimizerSettings optimizer = OptimizerSettings.PROTOCOL;
    private ArmOptions options = ArmOptions.defaults();
    private Path output;
    private boolean overwrite;
    private boolean resume;
    private String device = "auto";
    private PrintStream progress = System.err;
    private Integer trainSize;
    private Integer testSize;

    private Ablation() {}

    /** A new, empty ablation; set at least the arms. */
    public static Ablation builder() {
        return new Ablation();
    }

    /**
     * A quick ablation of the given arms on the embedded default subset: one seed, two epochs, no
     * files written. With {@code GENTRAIN_QUICK=1} in the environment it shrinks to 1,000 training
     * and 500 test images and one epoch.
     */
    public static Ablation quick(String... arms) {
        Ablation ablation = builder().dataSource(FashionMnist::loadEmbedded).arms(arms);
        if (isQuickMode()) {
            ablation.trainSize(1000).testSize(500).epochs(1);
        }
        return ablation;
    }

    /** Whether {@code GENTRAIN_QUICK} asks for a shrunken run. */
    public static boolean isQuickMode() {
        String value = System.getenv(QUICK_ENV);
        return value != null && !value.isBlank() && !value.equals("0");
    }

    /** The data to train and test on. */
    public Ablation data(TrainTestSplit data) {
        this.data = data;
        return this;
    }

    /** Where to get the data when the run starts (after every argument has been checked). */
    public Ablation dataSource(Supplier<TrainTestSplit> source) {
        this.dataSource = source;
        return this;
    }

    /** Use class-balanced subsets of this many training images. */
    public Ablation trainSize(int n) {
        this.trainSize = n;
        return this;
    }

    /** Use class-balanced subsets of this many test images. */
    public Ablation testSize(int n) {
        this.testSize = n;
        return this;
    }

    /** The model, by name: {@code smallcnn} (default) or {@code mlp}. */
    public Ablation model(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "smallcnn":
                return model(name, SmallCnn::create);
            case "mlp":
                return model(name, Mlp::create);
            default:
                throw new IllegalArgumentException("model must be smallcnn or mlp, was '" + name + "'");
        }
    }

    /** A model of your own, with a name for the configuration. */
    public Ablation model(String name, Supplier<Block> factory) {
        this.modelName = name;
        this.model = factory;
        return this;
    }

    /**
     * The arms, by name (see {@link ArmCatalog} and {@link ArmSpec}: an arm may carry settings of
     * its own, as in {@code erm@lr=0.01}); the first is the baseline.
     */
    public Ablation arms(String... names) {
        return arms(List.of(names));
    }

    /** The arms, by name; the first is the baseline. */
    public Ablation arms(List<String> names) {
        arms.clear();
        arms.addAll(names);
        return this;
    }

    /** The seeds; every arm runs with each. Default: one seed, 1. */
    public Ablation seeds(long... values) {
        List<Long> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        this.seeds = List.copyOf(list);
        return this;
    }

    /** Epochs per run. Default 2. */
    public Ablation epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    /** Batch size. Default 128. */
    public Ablation batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** SGD settings. Default: the benchmark protocol's. */
    public Ablation optimizer(OptimizerSettings settings) {
        this.optimizer = settings;
        return this;
    }

    /** Technique settings for every arm, such as {@code copies=4}. */
    public Ablation options(ArmOptions options) {
        this.options = options;
        return this;
    }

    /** The folder for tables, charts, configuration and checkpoints; none by default. */
    public Ablation output(Path folder) {
        this.output = folder;
        return this;
    }

    /** Replace results already in the output folder. */
    public Ablation overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /** Continue an interrupted run in the output folder from its checkpoints. */
    public Ablation resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** {@code auto} (default), {@code cpu} or {@code gpu}. */
    public Ablation device(String device) {
        this.device = device;
        return this;
    }

    /** Where progress bars go; {@code System.err} by default, {@code null} for none. */
    public Ablation progress(PrintStream stream) {
        this.progress = stream;
        return this;
    }

    /**
     * Checks every setting, then runs every arm x seed and returns the tables.
     *
     * @throws IllegalArgumentException for a bad setting, or one the data's images do not allow
     *     (such as a Cutout larger than them), before anything runs or is written
     */
    public AblationResult run() {
        Device chosen = validateNow();
        TrainTestSplit split = data != null ? data : dataSource.get();
        if (trainSize != null || testSize != null) {
            split = split.limit(
                    trainSize == null ? split.train().size() : trainSize,
                    testSize == null ? split.test().size() : testSize,
                    seeds.get(0));
        }
        ArmSpec.requireImagesAllowed(arms.stream().map(ArmSpec::parse).toList(), options, split.train().imageShape());
        AblationConfig config = new AblationConfig(
                split.source(), split.train().size(), split.test().size(), modelName, arms, seeds,
                epochs, batchSize, optimizer, options.asMap(), chosen.toString());
        ResultsFolder folder = output == null ? null : ResultsFolder.prepare(output, config, overwrite, resume);
        List<EpochRecord> records = new ArrayList<>();
        List<RunStatus> statuses = new ArrayList<>();
        for (String arm : arms) {
            for (long seed : seeds) {
                RunOutcome outcome = runOne(arm, seed, split, chosen, folder);
                records.addAll(outcome.records);
                statuses.add(outcome.status);
            }
        }
        AblationResult result = new AblationResult(config, records, statuses);
        if (folder != null) {
            folder.writeResults(result);
        }
        return result;
    }

    /**
     * Checks every setting without running anything, and refuses an output folder that holds
     * results (unless overwrite or resume) — all before any data is loaded.
     *
     * @return the device the run will use
     * @throws IllegalArgumentException naming the bad setting
     */
    public Device validateNow() {
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("arms must name at least one arm, such as erm");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds must hold at least one seed");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seeds must differ, were " + seeds);
        }
        if (arms.stream().distinct().count() != arms.size()) {
            throw new IllegalArgumentException("arms must differ, were " + arms);
        }
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("batchSize", batchSize, 1);
        if (trainSize != null) {
            Checks.atLeast("trainSize", trainSize, 1);
        }
        if (testSize != null) {
            Checks.atLeast("testSize", testSize, 1);
        }
        if (data == null && dataSource == null) {
            throw new IllegalArgumentException("data must be set (for example FashionMnist.loadEmbedded())");
        }
        List<ArmSpec> specs = arms.stream().map(ArmSpec::parse).toList();
        ArmSpec.requireEverySettingRead(specs, options);
        specs.forEach(spec -> spec.optimizer(optimizer));
        if (resume && overwrite) {
            throw new IllegalArgumentException("resume and overwrite exclude each other");
        }
        if (resume && output == null) {
            throw new IllegalArgumentException("resume needs an output folder");
        }
        if (output != null && !resume && !overwrite && ResultsFolder.holdsResults(output)) {
            throw new IllegalArgumentException("output " + output + " already holds results; "
                    + "use --overwrite to replace them, --resume to continue them, or another --out");
        }
        return Devices.choose(device);
    }

    private RunOutcome runOne(String arm, long seed, TrainTestSplit split, Device chosen, ResultsFolder folder) {
        ArmSpec spec = ArmSpec.parse(arm);
        Recipe recipe = spec.recipe(options);
        List<EpochRecord> records = new ArrayList<>();
        int steps = (split.train().size() + batchSize - 1) / batchSize;
        String label = String.format(Locale.ROOT, "%-24s seed %d", arm, seed);
        Learner.Builder builder = Learner.builder()
                .setModel(model.get())
                .setInputShape(split.train().imageShape())
                .optRecipe(recipe)
                .optOptimizer(spec.optimizer(optimizer))
                .optSeed(seed)
                .optBatchSize(batchSize)
                .optDevice(chosen);
        if (progress != null) {
            builder.addHook(new ProgressBar(progress, label, steps, epochs));
        }
        EnergyTracker energies = new EnergyTracker();
        builder.addHook(energies);
        try (Learner learner = builder.build()) {
            if (folder != null && folder.hasCheckpoint(arm, seed)) {
                RunState state = folder.readState(arm, seed);
                records.addAll(state.records());
                if (state.status().diverged()) {
                    report(state.status().message() + " (from the earlier run)");
                    return new RunOutcome(records, state.status());
                }
                Checkpoint.restore(learner, folder.checkpoint(arm, seed));
            }
            while (learner.epochsCompleted() < epochs) {
                EpochResult epoch;
                try {
                    epoch = learner.trainEpoch(split.train());
                } catch (DivergedException e) {
                    RunStatus status = new RunStatus(arm, seed, true, String.format(Locale.ROOT,
                            "arm %s, seed %d diverged: loss %s at epoch %d, step %d; its last good checkpoint is kept",
                            arm, seed, e.loss(), e.epoch(), e.step()));
                    report(status.message());
                    if (folder != null) {
                        folder.writeState(arm, seed, new RunState(records, status));
                    }
                    return new RunOutcome(records, status);
                }
                double accuracy = learner.evaluate(split.test());
                records.add(new EpochRecord(arm, seed, epoch.epoch(), epoch.meanLoss(), accuracy,
                        epoch.medianStepMillis(), energies.energiesAt(epoch.epoch())));
                report(String.format(Locale.ROOT, "%s epoch %d/%d test accuracy %.4f", label, epoch.epoch(),
                        epochs, accuracy));
                if (folder != null) {
                    Checkpoint.save(learner, folder.checkpoint(arm, seed));
                    folder.writeState(arm, seed, new RunState(records, new RunStatus(arm, seed, false, "")));
                }
            }
        }
        return new RunOutcome(records, new RunStatus(arm, seed, false, ""));
    }

    private void report(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }

    private record RunOutcome(List<EpochRecord> records, RunStatus status) {}

    /** What a run of one arm x seed has done so far, as kept beside its checkpoint. */
    record RunState(List<EpochRecord> records, RunStatus status) {}
}
