package org.gentrain.ablation;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.gentrain.arms.Arm;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.data.FashionMnist;
import org.gentrain.data.TrainTestSplit;
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
import org.gentrain.train.StepTiming;
import org.gentrain.train.TrainingHook;
import org.gentrain.train.TrainingInterruptedException;
import org.gentrain.viz.LiveProgress;
import org.gentrain.viz.NotebookDisplay;

/**
 * An ablation: every arm trained with every seed on the same data, in the same order, and compared.
 * The main job of gentrain: does a technique help on my data, and at what cost?
 *
 * <pre>{@code
 * AblationResult result = Ablation.builder()
 *         .data(FashionMnist.loadEmbedded())
 *         .arms("erm", "maxup-cutout", "comhe-rp+opt-cayley@lr=0.02")
 *         .arm("my-idea", () -> Recipe.of(new MyObjective()))      // an arm of your own
 *         .hook(MyProbe::new)                                       // a fresh hook per run
 *         .afterRun((arm, seed, learner) -> look(learner))           // the trained model
 *         .seeds(1, 2, 3)
 *         .epochs(2)
 *         .output(Path.of("results"))
 *         .run();
 * result.summary().print();
 * }</pre>
 *
 * <p>Arm names are resolved by the {@link ArmRegistry} ({@link ArmRegistry#global()} unless another
 * is set), with one grammar and one set of rules, before anything is loaded or trained. The first
 * arm is the baseline the others are compared with. Every run gets a fresh recipe, a fresh model,
 * the registry's probes (such as the energy tracker that fills the {@code energy_<layer>}
 * columns) and the hooks given here, each made fresh for that run.
 *
 * <p>Step times: before the first run the engine is warmed up with untimed steps of the first arm
 * on a throwaway model ({@link StepTiming#warmUp}), and each epoch's step time is its median after
 * its first steps ({@link StepTiming#median}), so the overhead column agrees with {@code gentrain
 * bench}.
 *
 * <p>With an output folder, the run writes its configuration ({@code config.json}), a checkpoint
 * after every epoch of every arm x seed, and at the end the tables as CSV and the charts as PNG. A
 * folder that already holds results is refused unless {@link #overwrite} or {@link #resume} is
 * set; {@code resume} continues from the checkpoints, losing at most the epoch that was running.
 * An interrupted run (a notebook's interrupt) stops before its next step and throws {@link
 * AblationInterruptedException} with the epochs finished so far.
 */
public final class Ablation {

    /** Environment variable that shrinks data and epochs for quick checks (notebooks in CI). */
    public static final String QUICK_ENV = "GENTRAIN_QUICK";

    /** The main job's arms: the baseline, one arm per technique, and one composed arm. */
    public static final List<String> DEFAULT_ARMS = List.of(
            "erm", "maxup-cutout", "cot", "gce", "comhe-rp", "opt-cayley", "maxup-cutout+comhe-rp+opt-cayley");

    /** The largest number of untimed steps before the first timed run. */
    static final int MAX_WARMUP_STEPS = 60;

    /** Something to do with each trained model at the end of its run, such as measuring it. */
    @FunctionalInterface
    public interface AfterRun {
        /** Called after the last epoch of {@code arm} with {@code seed}, while the learner is open. */
        void accept(String arm, long seed, Learner learner);
    }

    private TrainTestSplit data;
    private Supplier<TrainTestSplit> dataSource;
    private String modelName = "smallcnn";
    private Supplier<Block> model = SmallCnn::create;
    private final List<Object> arms = new ArrayList<>();
    private ArmRegistry registry;
    private final List<Supplier<? extends TrainingHook>> hooks = new ArrayList<>();
    private boolean registryProbes = true;
    private final List<AfterRun> afterRuns = new ArrayList<>();
    private List<Long> seeds = List.of(1L);
    private int epochs = 2;
    private int batchSize = 128;
    private OptimizerSettings optimizer = OptimizerSettings.PROTOCOL;
    private ArmOptions options = ArmOptions.defaults();
    private Path output;
    private boolean overwrite;
    private boolean resume;
    private boolean warmUp = true;
    private String device = "auto";
    private PrintStream progress = System.err;
    private boolean liveProgress = true;
    private boolean liveChart = false;
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

    /** A model of your own, made fresh for every run, with a name for the configuration. */
    public Ablation model(String name, Supplier<Block> factory) {
        this.modelName = Objects.requireNonNull(name, "model name");
        this.model = Objects.requireNonNull(factory, "model factory");
        return this;
    }

    /**
     * The arms, by name, replacing any set before: parts joined with {@code +} and the arm's own
     * settings after {@code @}, as in {@code comhe-rp+opt-cayley@lr=0.02} ({@link
     * org.gentrain.arms.ArmSpec}); the first is the baseline.
     */
    public Ablation arms(String... names) {
        return arms(List.of(names));
    }

    /** The arms, by name, replacing any set before; the first is the baseline. */
    public Ablation arms(List<String> names) {
        arms.clear();
        names.forEach(name -> arms.add(Objects.requireNonNull(name, "arm name")));
        return this;
    }

    /** One more arm, by name. */
    public Ablation arm(String name) {
        arms.add(Objects.requireNonNull(name, "arm name"));
        return this;
    }

    /** One more arm of your own: a label and a factory that returns a new recipe on every call. */
    public Ablation arm(String label, Supplier<Recipe> recipeFactory) {
        return arm(Arm.custom(label, recipeFactory));
    }

    /** One more arm, resolved already (from {@link ArmRegistry#resolve} or {@link Arm#custom}). */
    public Ablation arm(Arm arm) {
        arms.add(Objects.requireNonNull(arm, "arm"));
        return this;
    }

    /** The registry that resolves arm names; {@link ArmRegistry#global()} by default. */
    public Ablation registry(ArmRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * A hook for every run, made fresh per run (such as a probe); a hook that implements {@link
     * org.gentrain.train.EpochMetrics} adds its values as columns of the epoch table.
     */
    public Ablation hook(Supplier<? extends TrainingHook> factory) {
        hooks.add(Objects.requireNonNull(factory, "hook factory"));
        return this;
    }

    /** Whether every run also gets the registry's probes (such as the energy tracker); yes by default. */
    public Ablation registryProbes(boolean attach) {
        this.registryProbes = attach;
        return this;
    }

    /** Something to do with each trained model after its last epoch (not for runs that diverged). */
    public Ablation afterRun(AfterRun action) {
        afterRuns.add(Objects.requireNonNull(action, "action"));
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

    /** SGD settings. Default: the benchmark protocol's. An arm's {@code @lr=} replaces the rate. */
    public Ablation optimizer(OptimizerSettings settings) {
        this.optimizer = Objects.requireNonNull(settings, "optimizer");
        return this;
    }

    /** Technique settings for every arm, such as {@code copies=4}; each must be read by some arm. */
    public Ablation options(ArmOptions options) {
        this.options = Objects.requireNonNull(options, "options");
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

    /** Whether to warm the engine up before the first timed run (yes by default; see the class doc). */
    public Ablation warmUp(boolean warmUp) {
        this.warmUp = warmUp;
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
     * In a notebook whose kernel can update a display in place (gentrain's kernel, JJava): with
     * {@code progress}, each run's progress (loss, step time) is one display updated while it
     * trains instead of text lines (default on); with {@code accuracyChart}, the test-accuracy
     * chart of every run so far is shown and redrawn after each epoch (default off). Elsewhere
     * (JShell, a terminal, rapaio's kernel) progress stays text. Nothing shows without a
     * {@link #progress(PrintStream)} stream.
     */
    public Ablation live(boolean progress, boolean accuracyChart) {
        this.liveProgress = progress;
        this.liveChart = accuracyChart;
        return this;
    }

    /**
     * Checks every setting, then runs every arm x seed and returns the tables.
     *
     * @throws IllegalArgumentException for a bad setting, or one the data's images do not allow
     *     (such as a Cutout larger than them), before anything runs or is written
     * @throws AblationInterruptedException if the thread was interrupted, with the epochs finished
     */
    public AblationResult run() {
        Plan plan = plan();
        TrainTestSplit split = data != null ? data : dataSource.get();
        if (trainSize != null || testSize != null) {
            split = split.limit(
                    trainSize == null ? split.train().size() : trainSize,
                    testSize == null ? split.test().size() : testSize,
                    seeds.get(0));
        }
        for (Arm arm : plan.arms()) {
            arm.newRecipe().checkInputShape(split.train().imageShape());
        }
        List<String> labels = plan.arms().stream().map(Arm::label).toList();
        AblationConfig config = new AblationConfig(
                split.source(), split.train().size(), split.test().size(), modelName, labels, seeds,
                epochs, batchSize, optimizer, options.asMap(), plan.device().toString());
        ResultsFolder folder = output == null ? null : ResultsFolder.prepare(output, config, overwrite, resume);
        List<EpochRecord> records = new ArrayList<>();
        List<RunStatus> statuses = new ArrayList<>();
        boolean warmedUp = !warmUp;
        Optional<NotebookDisplay.LiveDisplay> chart =
                progress != null && liveChart ? NotebookDisplay.live() : Optional.empty();
        Runnable afterEpoch = () -> chart.ifPresent(
                live -> live.show(new AblationResult(config, records, statuses).accuracyChart()));
        try {
            for (Arm arm : plan.arms()) {
                for (long seed : seeds) {
                    if (!warmedUp && !(folder != null && folder.hasCheckpoint(arm.label(), seed))) {
                        int steps = StepTiming.warmUp(model, arm.newRecipe(), split.train(), batchSize, plan.device(),
                                StepTiming.WARMUP_STEPS, MAX_WARMUP_STEPS);
                        report("warm-up: " + steps + " untimed steps of " + arm.label() + " before the timed runs");
                        warmedUp = true;
                    }
                    RunOutcome outcome = runOne(arm, seed, split, plan.device(), folder, records, afterEpoch);
                    statuses.add(outcome.status);
                }
            }
        } catch (TrainingInterruptedException e) {
            AblationResult partial = new AblationResult(config, records, statuses);
            throw new AblationInterruptedException(e.getMessage() + (folder == null ? ""
                    : "; every finished epoch is checkpointed in " + output + ", continue with resume"), partial, e);
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
        return plan().device();
    }

    /** The arms of this ablation, resolved and checked (names by the registry, with the shared options). */
    public List<Arm> resolvedArms() {
        return plan().arms();
    }

    private record Plan(List<Arm> arms, Device device) {}

    private Plan plan() {
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("arms must name at least one arm, such as erm");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds must hold at least one seed");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seeds must differ, were " + seeds);
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
        List<Arm> resolved = resolve();
        List<String> labels = resolved.stream().map(Arm::label).toList();
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("arms must differ, were " + labels);
        }
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
        return new Plan(resolved, Devices.choose(device));
    }

    /** Named arms resolved together (so that shared options are checked across them), in order. */
    private List<Arm> resolve() {
        ArmRegistry names = registry == null ? ArmRegistry.global() : registry;
        List<String> named = arms.stream().filter(a -> a instanceof String).map(a -> (String) a).toList();
        if (named.isEmpty() && !options.asMap().isEmpty()) {
            throw new IllegalArgumentException("options " + options.asMap().keySet() + " are not read by any arm: "
                    + "arms of your own take no shared options");
        }
        List<Arm> resolvedNames = named.isEmpty() ? List.of() : names.resolveAll(named, options);
        List<Arm> all = new ArrayList<>();
        int next = 0;
        for (Object arm : arms) {
            all.add(arm instanceof Arm custom ? custom : resolvedNames.get(next++));
        }
        return all;
    }

    private RunOutcome runOne(Arm arm, long seed, TrainTestSplit split, Device chosen, ResultsFolder folder,
            List<EpochRecord> records, Runnable afterEpoch) {
        String name = arm.label();
        int steps = (split.train().size() + batchSize - 1) / batchSize;
        String label = String.format(Locale.ROOT, "%-24s seed %d", name, seed);
        Learner.Builder builder = Learner.builder()
                .setModel(model.get())
                .setInputShape(split.train().imageShape())
                .optRecipe(arm.newRecipe())
                .optOptimizer(arm.optimizer(optimizer))
                .optSeed(seed)
                .optBatchSize(batchSize)
                .optDevice(chosen);
        if (progress != null) {
            Optional<TrainingHook> live = liveProgress ? LiveProgress.inNotebook(label, steps, epochs) : Optional.empty();
            builder.addHook(live.orElseGet(() -> new ProgressBar(progress, label, steps, epochs)));
        }
        if (registryProbes) {
            (registry == null ? ArmRegistry.global() : registry).probes().forEach(p -> builder.addHook(p.get()));
        }
        hooks.forEach(h -> builder.addHook(h.get()));
        List<EpochRecord> run = new ArrayList<>();
        try (Learner learner = builder.build()) {
            if (folder != null && folder.hasCheckpoint(name, seed)) {
                RunState state = folder.readState(name, seed);
                run.addAll(state.records());
                records.addAll(state.records());
                if (state.status().diverged()) {
                    report(state.status().message() + " (from the earlier run)");
                    return new RunOutcome(state.status());
                }
                Checkpoint.restore(learner, folder.checkpoint(name, seed));
            } else {
                EpochRecord initial = new EpochRecord(name, seed, 0, Double.NaN, Double.NaN, Double.NaN,
                        learner.metricsAt(0));
                run.add(initial);
                records.add(initial);
            }
            while (learner.epochsCompleted() < epochs) {
                EpochResult epoch;
                try {
                    epoch = learner.trainEpoch(split.train());
                } catch (DivergedException e) {
                    RunStatus status = new RunStatus(name, seed, true, String.format(Locale.ROOT,
                            "arm %s, seed %d diverged: loss %s at epoch %d, step %d; its last good checkpoint is kept",
                            name, seed, e.loss(), e.epoch(), e.step()));
                    report(status.message());
                    if (folder != null) {
                        folder.writeState(name, seed, new RunState(run, status));
                    }
                    return new RunOutcome(status);
                }
                double accuracy = learner.evaluate(split.test());
                EpochRecord record = new EpochRecord(name, seed, epoch.epoch(), epoch.meanLoss(), accuracy,
                        StepTiming.median(epoch), learner.metricsAt(epoch.epoch()));
                run.add(record);
                records.add(record);
                afterEpoch.run();
                report(String.format(Locale.ROOT, "%s epoch %d/%d test accuracy %.4f", label, epoch.epoch(),
                        epochs, accuracy));
                if (folder != null) {
                    Checkpoint.save(learner, folder.checkpoint(name, seed));
                    folder.writeState(name, seed, new RunState(run, new RunStatus(name, seed, false, "")));
                }
            }
            for (AfterRun action : afterRuns) {
                action.accept(name, seed, learner);
            }
        }
        return new RunOutcome(new RunStatus(name, seed, false, ""));
    }

    private void report(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }

    private record RunOutcome(RunStatus status) {}

    /** What a run of one arm x seed has done so far, as kept beside its checkpoint. */
    record RunState(List<EpochRecord> records, RunStatus status) {}
}
