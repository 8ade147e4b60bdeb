package org.gentrain.ablation;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.gentrain.arms.Arm;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.data.FashionMnist;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.models.Models;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checks;
import org.gentrain.train.Devices;
import org.gentrain.train.Learner;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.Recipe;
import org.gentrain.train.StepTiming;
import org.gentrain.train.TrainingHook;
import org.gentrain.train.TrainingInterruptedException;

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
 *
 * <p>Each arm x seed is one work unit, trained by the code that {@link #spec()} shares with runners
 * that spread the units over processes or machines (such as {@code gentrain-spark}).
 */
public final class Ablation {

    /** Environment variable that shrinks data and epochs for quick checks (notebooks in CI). */
    public static final String QUICK_ENV = "GENTRAIN_QUICK";

    /** The main job's arms: the baseline, one arm per technique, and one composed arm. */
    public static final List<String> DEFAULT_ARMS =
            List.of("erm", "maxup-cutout", "cot", "gce", "comhe-rp", "opt-cayley", "maxup-cutout+comhe-rp+opt-cayley");

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
    /** A model of the user's own, or null for the named one ({@link Models}). */
    private Supplier<Block> customModel;

    private final List<Object> arms = new ArrayList<>();
    private ArmRegistry registry;
    private final List<Supplier<? extends TrainingHook>> hooks = new ArrayList<>();
    private boolean registryProbes = true;
    private boolean liveProgress = true;
    private boolean liveChart = false;
    private final List<java.util.function.Function<TrainTestSplit, ? extends TrainingHook>> evaluators =
            new ArrayList<>();
    private final List<AfterRun> afterRuns = new ArrayList<>();
    private List<Long> seeds = List.of(1L);
    private int epochs = 2;
    private int batchSize = 128;
    private OptimizerSettings optimizer = OptimizerSettings.PROTOCOL;
    private org.gentrain.train.TrainAugmentation trainAugmentation;
    private ArmOptions options = ArmOptions.defaults();
    private Path output;
    private boolean overwrite;
    private boolean resume;
    private boolean warmUp = true;
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

    /**
     * The model, by name ({@link Models}: {@code smallcnn} (default), {@code mlp}, {@code
     * preact-resnet18}, {@code resnet20}, {@code wrn-16-4}, {@code vgg9}, ...), made for the data's
     * image shape and class count.
     *
     * @throws IllegalArgumentException for a name no model has, listing the names
     */
    public Ablation model(String name) {
        Models.description(name);
        this.modelName = name.trim().toLowerCase(java.util.Locale.ROOT);
        this.customModel = null;
        return this;
    }

    /** A model of your own, made fresh for every run, with a name for the configuration. */
    public Ablation model(String name, Supplier<Block> factory) {
        this.modelName = Objects.requireNonNull(name, "model name");
        this.customModel = Objects.requireNonNull(factory, "model factory");
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

    /**
     * A hook for every run that needs the run's data (such as a robust evaluation of the test
     * images), made fresh per run from the data after they are loaded and cut to size.
     */
    public Ablation evaluator(java.util.function.Function<TrainTestSplit, ? extends TrainingHook> factory) {
        evaluators.add(Objects.requireNonNull(factory, "evaluator factory"));
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

    /**
     * An augmentation of every training batch of every arm (never of evaluation), such as {@code
     * TrainAugmentation.cropFlip(4)} for CIFAR; MaxUp draws its copies on top of it. None by default.
     */
    public Ablation trainAugmentation(org.gentrain.train.TrainAugmentation augmentation) {
        this.trainAugmentation = augmentation;
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
     * Checks every setting, then runs every arm x seed and returns the tables.
     *
     * @throws IllegalArgumentException for a bad setting, or one the data's images do not allow
     *     (such as a Cutout larger than them), before anything runs or is written
     * @throws AblationInterruptedException if the thread was interrupted, with the epochs finished
     */
    public AblationResult run() {
        Plan plan = plan();
        TrainTestSplit split =
                AblationSpec.limit(data != null ? data : dataSource.get(), trainSize, testSize, seeds.get(0));
        for (Arm arm : plan.arms()) {
            arm.newRecipe().checkInputShape(split.train().imageShape());
        }
        List<String> labels = plan.arms().stream().map(Arm::label).toList();
        AblationConfig config = new AblationConfig(
                split.source(),
                split.train().size(),
                split.test().size(),
                modelName,
                labels,
                seeds,
                epochs,
                batchSize,
                optimizer,
                trainAugmentation == null ? "none" : trainAugmentation.describe(),
                options.asMap(),
                plan.device().toString());
        ResultsFolder folder = output == null ? null : ResultsFolder.prepare(output, config, overwrite, resume);
        List<Supplier<? extends TrainingHook>> runHooks = new ArrayList<>();
        if (registryProbes) {
            runHooks.addAll((registry == null ? ArmRegistry.global() : registry).probes());
        }
        runHooks.addAll(hooks);
        Supplier<Block> model = customModel != null
                ? customModel
                : AblationSpec.modelFactory(
                        modelName, split.train().imageShape(), split.train().numClasses());
        List<EpochRecord> records = new ArrayList<>();
        List<UnitOutcome> outcomes = new ArrayList<>();
        java.util.Optional<org.gentrain.viz.NotebookDisplay.LiveDisplay> chart =
                progress != null && liveChart ? org.gentrain.viz.NotebookDisplay.live() : java.util.Optional.empty();
        Runnable afterEpoch = () -> chart.ifPresent(live -> live.show(new AblationResult(
                        config,
                        records,
                        outcomes.stream().map(UnitOutcome::status).toList())
                .accuracyChart()));
        UnitRunner runner = new UnitRunner(
                        model,
                        split,
                        plan.device(),
                        folder,
                        epochs,
                        batchSize,
                        optimizer,
                        runHooks,
                        evaluators,
                        afterRuns,
                        progress,
                        true,
                        liveProgress,
                        afterEpoch)
                .trainAugmentation(trainAugmentation);
        boolean warmedUp = !warmUp;
        try {
            for (Arm arm : plan.arms()) {
                for (long seed : seeds) {
                    if (!warmedUp && !runner.hasCheckpoint(arm.label(), seed)) {
                        runner.warmUp(arm);
                        warmedUp = true;
                    }
                    AblationUnit unit = new AblationUnit(outcomes.size(), arm.label(), seed);
                    outcomes.add(runner.run(unit, arm, records::add, epoch -> {}));
                }
            }
        } catch (TrainingInterruptedException e) {
            AblationResult partial = new AblationResult(
                    config, records, outcomes.stream().map(UnitOutcome::status).toList(), runner.summaryColumns());
            throw new AblationInterruptedException(
                    e.getMessage()
                            + (folder == null
                                    ? ""
                                    : "; every finished epoch is checkpointed in " + output + ", continue with resume"),
                    partial,
                    e);
        }
        return AblationSpec.assemble(config, outcomes, folder, runner.summaryColumns());
    }

    /**
     * This ablation as a serializable plan of work units ({@link AblationSpec}), for a runner that
     * trains its units in other processes or on other machines; every setting is checked (and an
     * output folder holding results refused) first, nothing is loaded or trained. Only what can be
     * rebuilt from a description travels: arms by name (resolved by {@link ArmRegistry#global()} in
     * each process), the model by name, and a data source that is an {@link AblationSpec.DataSource}.
     *
     * @throws IllegalArgumentException naming the setting that cannot travel (an arm, model, hook,
     *     registry or in-memory data of your own), or any bad setting
     */
    public AblationSpec spec() {
        Plan plan = plan();
        String why = "runs in other processes rebuild everything from names";
        if (arms.stream().anyMatch(a -> a instanceof Arm)) {
            throw new IllegalArgumentException("arms of your own (recipe factories) cannot be sent to other processes: "
                    + "use named arms registered in ArmRegistry.global(); " + why);
        }
        if (registry != null && registry != ArmRegistry.global()) {
            throw new IllegalArgumentException(
                    "registry: only ArmRegistry.global() resolves arms in other processes; " + why);
        }
        if (!hooks.isEmpty() || !afterRuns.isEmpty() || !evaluators.isEmpty()) {
            throw new IllegalArgumentException(
                    "hooks, evaluators (such as --robust) and afterRun actions cannot be sent "
                            + "to other processes; "
                            + why + " (the registry's probes are attached there)");
        }
        if (customModel != null) {
            throw new IllegalArgumentException("model '" + modelName + "' is a factory of your own: only the named "
                    + "models (gentrain models) can be sent to other processes");
        }
        if (data != null || !(dataSource instanceof AblationSpec.DataSource source)) {
            throw new IllegalArgumentException("data must come from an AblationSpec.DataSource (a serializable "
                    + "supplier) to be loaded in other processes; in-memory data cannot be sent");
        }
        return new AblationSpec(
                source,
                trainSize,
                testSize,
                modelName,
                trainAugmentation == null ? "none" : trainAugmentation.describe(),
                plan.arms().stream().map(Arm::label).toList(),
                options,
                seeds,
                epochs,
                batchSize,
                optimizer,
                output,
                overwrite,
                resume,
                warmUp,
                registryProbes,
                device);
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
        List<String> named = arms.stream()
                .filter(a -> a instanceof String)
                .map(a -> (String) a)
                .toList();
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

    /** What a run of one arm x seed has done so far, as kept beside its checkpoint. */
    record RunState(List<EpochRecord> records, RunStatus status) {}
}
