package org.gentrain.ablation;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.gentrain.arms.Arm;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Devices;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.TrainingHook;

/**
 * An ablation as a serializable plan of independent work units, for runners that spread the units
 * over processes or machines (such as the {@code gentrain-spark} module). It holds only descriptions
 * — a serializable data source, the model's name, the arm names, seeds, epochs, batch size,
 * optimizer, shared options, the output folder and the device name — so that each worker rebuilds
 * the same runs: arms are resolved by {@link ArmRegistry#global()} in every process, data loaded
 * there. Made by {@link Ablation#spec()}.
 *
 * <p>The protocol: the driver calls {@link #prepare()} once (loads the data, checks every arm
 * against it, writes {@code config.json} or refuses a folder that holds results), each worker calls
 * {@link #runUnit} for its units (the single-machine runner's code path: checkpoint after every
 * epoch, resume from the last one, divergence as an outcome), and the driver calls {@link
 * #assemble} with every outcome to get the same tables, CSV files and charts as {@link
 * Ablation#run()}.
 */
public final class AblationSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A data source that can be sent to another process: a serializable supplier of the split. */
    public interface DataSource extends Supplier<TrainTestSplit>, Serializable {}

    private final String id = UUID.randomUUID().toString();
    private final DataSource data;
    private final Integer trainSize;
    private final Integer testSize;
    private final String model;
    private final List<String> arms;
    private final Map<String, String> options;
    private final List<Long> seeds;
    private final int epochs;
    private final int batchSize;
    private final OptimizerSettings optimizer;
    private final String trainAugmentation;
    private final String output;
    private final boolean overwrite;
    private final boolean resume;
    private final boolean warmUp;
    private final boolean registryProbes;
    private final String device;

    AblationSpec(
            DataSource data,
            Integer trainSize,
            Integer testSize,
            String model,
            String trainAugmentation,
            List<String> arms,
            ArmOptions options,
            List<Long> seeds,
            int epochs,
            int batchSize,
            OptimizerSettings optimizer,
            Path output,
            boolean overwrite,
            boolean resume,
            boolean warmUp,
            boolean registryProbes,
            String device) {
        this.data = Objects.requireNonNull(data, "data");
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.model = model;
        this.arms = List.copyOf(arms);
        this.options = Map.copyOf(options.asMap());
        this.seeds = List.copyOf(seeds);
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.optimizer = optimizer;
        this.trainAugmentation = trainAugmentation;
        this.output = output == null ? null : output.toAbsolutePath().toString();
        this.overwrite = overwrite;
        this.resume = resume;
        this.warmUp = warmUp;
        this.registryProbes = registryProbes;
        this.device = device;
    }

    /** Every arm x seed, arm-major: the order the single-machine runner trains them in. */
    public List<AblationUnit> units() {
        List<AblationUnit> units = new ArrayList<>();
        for (String arm : arms) {
            for (long seed : seeds) {
                units.add(new AblationUnit(units.size(), arm, seed));
            }
        }
        return List.copyOf(units);
    }

    /** The arm labels, baseline first. */
    public List<String> arms() {
        return arms;
    }

    /** The seeds. */
    public List<Long> seeds() {
        return seeds;
    }

    /** The output folder (absolute), or null for none. */
    public Path output() {
        return output == null ? null : Path.of(output);
    }

    /** Whether the engine is warmed up before the first timed unit of each process. */
    public boolean warmUp() {
        return warmUp;
    }

    /**
     * The driver's first step: loads the data, checks every arm against its images, and prepares the
     * output folder (writes {@code config.json}; refuses a folder holding results unless overwrite,
     * or one holding another run on resume).
     *
     * @return the configuration the results will carry
     * @throws IllegalArgumentException for an arm the data do not allow, or an output folder refused
     */
    public AblationConfig prepare() {
        TrainTestSplit split = split();
        List<Arm> resolved = resolvedArms();
        for (Arm arm : resolved) {
            arm.newRecipe().checkInputShape(split.train().imageShape());
        }
        AblationConfig config = new AblationConfig(
                split.source(),
                split.train().size(),
                split.test().size(),
                model,
                arms,
                seeds,
                epochs,
                batchSize,
                optimizer(),
                trainAugmentation,
                options,
                Devices.choose(device).toString());
        if (output != null) {
            ResultsFolder.prepare(Path.of(output), config, overwrite, resume);
        }
        return config;
    }

    /**
     * Trains one unit in this process, as {@link Ablation#run()} would: resumes from the unit's
     * checkpoint in the output folder if it has one, checkpoints after every epoch, and returns a
     * divergence as an outcome. The data and the resolved arms are loaded once per process and
     * plan; the engine is warmed up once per process and device before its first unit that starts
     * from scratch (other units of the process wait for it).
     *
     * @param progress where one line per epoch goes, or null
     * @param afterCheckpoint called with the epoch number after each epoch's checkpoint is written
     */
    public UnitOutcome runUnit(AblationUnit unit, PrintStream progress, IntConsumer afterCheckpoint) {
        return runUnit(unit, null, progress, afterCheckpoint);
    }

    /**
     * {@link #runUnit(AblationUnit, PrintStream, IntConsumer)} on a given device, such as the GPU a
     * cluster manager assigned to the task, instead of the one the plan's device name chooses.
     *
     * @param device the device, or null for the plan's
     */
    public UnitOutcome runUnit(AblationUnit unit, Device device, PrintStream progress, IntConsumer afterCheckpoint) {
        if (unit.index() < 0
                || unit.index() >= arms.size() * seeds.size()
                || !units().get(unit.index()).equals(unit)) {
            throw new IllegalArgumentException(
                    "unit " + unit + " (index " + unit.index() + ") is not a unit of this plan");
        }
        Devices.prepareThread();
        Worker worker = worker(device);
        ResultsFolder folder = output == null ? null : ResultsFolder.open(Path.of(output));
        List<Supplier<? extends TrainingHook>> hooks =
                registryProbes ? ArmRegistry.global().probes() : List.of();
        UnitRunner runner = new UnitRunner(
                        modelFactory(
                                model,
                                worker.split.train().imageShape(),
                                worker.split.train().numClasses()),
                        worker.split,
                        worker.device,
                        folder,
                        epochs,
                        batchSize,
                        optimizer(),
                        hooks,
                        List.of(),
                        List.of(),
                        progress,
                        false)
                .trainAugmentation(org.gentrain.train.TrainAugmentation.parse(trainAugmentation));
        Arm arm = worker.arms.get(unit.index() / seeds.size());
        if (warmUp && !runner.hasCheckpoint(arm.label(), unit.seed())) {
            synchronized (WARMED_UP) {
                if (WARMED_UP.add(worker.device.toString())) {
                    runner.warmUp(arm);
                }
            }
        }
        return runner.run(unit, arm, record -> {}, afterCheckpoint);
    }

    /**
     * The driver's last step: the outcomes of every unit (in any order) as the ablation's result,
     * whose tables, CSV files and charts are written to the output folder as {@link Ablation#run()}
     * writes them.
     *
     * @throws IllegalArgumentException if a unit's outcome is missing or given twice
     */
    public AblationResult assemble(AblationConfig config, List<UnitOutcome> outcomes) {
        List<AblationUnit> units = units();
        List<UnitOutcome> ordered = new ArrayList<>(outcomes);
        ordered.sort(Comparator.comparingInt(o -> o.unit().index()));
        List<AblationUnit> got = ordered.stream().map(UnitOutcome::unit).toList();
        if (!got.equals(units)) {
            List<AblationUnit> missing = new ArrayList<>(units);
            missing.removeAll(got);
            throw new IllegalArgumentException("outcomes must hold every unit once; missing " + missing + ", got "
                    + got.size() + " for " + units.size() + " units");
        }
        return assemble(config, ordered, output == null ? null : ResultsFolder.open(Path.of(output)));
    }

    /** The result of the outcomes, in run order; written to {@code folder} unless it is null. */
    static AblationResult assemble(AblationConfig config, List<UnitOutcome> outcomes, ResultsFolder folder) {
        return assemble(config, outcomes, folder, List.of());
    }

    /** The tables of the outcomes, also summarising the columns named (see {@code EpochMetrics#summaryColumns}). */
    static AblationResult assemble(
            AblationConfig config, List<UnitOutcome> outcomes, ResultsFolder folder, List<String> summaryColumns) {
        List<EpochRecord> records = new ArrayList<>();
        List<RunStatus> statuses = new ArrayList<>();
        for (UnitOutcome outcome : outcomes) {
            records.addAll(outcome.records());
            statuses.add(outcome.status());
        }
        AblationResult result = new AblationResult(config, records, statuses, summaryColumns);
        if (folder != null) {
            folder.writeResults(result);
        }
        return result;
    }

    /** Fresh models of the named kind ({@link org.gentrain.models.Models}) for the data's shape and classes. */
    static Supplier<Block> modelFactory(String name, ai.djl.ndarray.types.Shape imageShape, int classes) {
        org.gentrain.models.Models.description(name);
        return () -> org.gentrain.models.Models.create(name, imageShape, classes);
    }

    /** The split, cut to the requested sizes as {@link Ablation#run()} cuts it. */
    static TrainTestSplit limit(TrainTestSplit split, Integer trainSize, Integer testSize, long seed) {
        if (trainSize == null && testSize == null) {
            return split;
        }
        return split.limit(
                trainSize == null ? split.train().size() : trainSize,
                testSize == null ? split.test().size() : testSize,
                seed);
    }

    private OptimizerSettings optimizer() {
        return optimizer;
    }

    private TrainTestSplit split() {
        return limit(data.get(), trainSize, testSize, seeds.get(0));
    }

    private List<Arm> resolvedArms() {
        return ArmRegistry.global().resolveAll(arms, ArmOptions.of(options));
    }

    /** Devices (by name) whose engine this process has warmed up. */
    private static final java.util.Set<String> WARMED_UP = new java.util.HashSet<>();

    /** What this process loaded for the last plan it ran units of. */
    private static Worker current;

    private record Worker(String planId, TrainTestSplit split, List<Arm> arms, Device device) {}

    private Worker worker(Device given) {
        synchronized (AblationSpec.class) {
            if (current == null || !current.planId.equals(id)) {
                current = new Worker(id, split(), resolvedArms(), Devices.choose(device));
            }
            return given == null || given.equals(current.device)
                    ? current
                    : new Worker(id, current.split, current.arms, given);
        }
    }
}
