package org.gentrain.ablation;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.gentrain.arms.Arm;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.DivergedException;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.ProgressBar;
import org.gentrain.train.StepTiming;
import org.gentrain.train.TrainingHook;

/**
 * Trains one arm x seed of an ablation: the code path that the single-machine runner ({@link
 * Ablation#run}) and distributed runners ({@link AblationSpec#runUnit}) share. It resumes from the
 * unit's checkpoint in the results folder if there is one, checkpoints after every epoch, and
 * returns a divergence as an outcome.
 */
final class UnitRunner {

    private final Supplier<Block> model;
    private final TrainTestSplit split;
    private final Device device;
    private final ResultsFolder folder;
    private final int epochs;
    private final int batchSize;
    private final OptimizerSettings optimizer;
    private final List<Supplier<? extends TrainingHook>> hooks;
    private final boolean liveProgress;
    private org.gentrain.train.TrainAugmentation trainAugmentation;
    private final Runnable afterEpoch;
    private final List<java.util.function.Function<TrainTestSplit, ? extends TrainingHook>> evaluators;
    private final java.util.LinkedHashSet<String> summaryColumns = new java.util.LinkedHashSet<>();
    private final List<Ablation.AfterRun> afterRuns;
    private final PrintStream progress;
    private final boolean progressBars;

    UnitRunner(
            Supplier<Block> model,
            TrainTestSplit split,
            Device device,
            ResultsFolder folder,
            int epochs,
            int batchSize,
            OptimizerSettings optimizer,
            List<Supplier<? extends TrainingHook>> hooks,
            List<java.util.function.Function<TrainTestSplit, ? extends TrainingHook>> evaluators,
            List<Ablation.AfterRun> afterRuns,
            PrintStream progress,
            boolean progressBars) {
        this(
                model,
                split,
                device,
                folder,
                epochs,
                batchSize,
                optimizer,
                hooks,
                evaluators,
                afterRuns,
                progress,
                progressBars,
                false,
                () -> {});
    }

    /**
     * A runner that, with {@code liveProgress}, shows each run's progress as a display updated in place
     * where the notebook kernel can, and calls {@code afterEpoch} after every epoch's record.
     */
    UnitRunner(
            Supplier<Block> model,
            TrainTestSplit split,
            Device device,
            ResultsFolder folder,
            int epochs,
            int batchSize,
            OptimizerSettings optimizer,
            List<Supplier<? extends TrainingHook>> hooks,
            List<java.util.function.Function<TrainTestSplit, ? extends TrainingHook>> evaluators,
            List<Ablation.AfterRun> afterRuns,
            PrintStream progress,
            boolean progressBars,
            boolean liveProgress,
            Runnable afterEpoch) {
        this.liveProgress = liveProgress;
        this.afterEpoch = afterEpoch;
        this.evaluators = List.copyOf(evaluators);
        this.model = model;
        this.split = split;
        this.device = device;
        this.folder = folder;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.optimizer = optimizer;
        this.hooks = List.copyOf(hooks);
        this.afterRuns = List.copyOf(afterRuns);
        this.progress = progress;
        this.progressBars = progressBars;
    }

    /** Augments every training batch of every run with {@code augmentation} (null: none). */
    UnitRunner trainAugmentation(org.gentrain.train.TrainAugmentation augmentation) {
        this.trainAugmentation = augmentation;
        return this;
    }

    /** The columns the runs' evaluators asked to be summarised, so far. */
    List<String> summaryColumns() {
        return List.copyOf(summaryColumns);
    }

    /** Whether the unit of {@code arm} x {@code seed} has a checkpoint to resume from. */
    boolean hasCheckpoint(String arm, long seed) {
        return folder != null && folder.hasCheckpoint(arm, seed);
    }

    /**
     * Untimed steps of {@code arm} on a throwaway model ({@link StepTiming#warmUp}).
     *
     * @return the number of steps
     */
    int warmUp(Arm arm) {
        int steps = StepTiming.warmUp(
                model,
                arm.newRecipe(),
                split.train(),
                batchSize,
                device,
                StepTiming.WARMUP_STEPS,
                Ablation.MAX_WARMUP_STEPS);
        report("warm-up: " + steps + " untimed steps of " + arm.label() + " before the timed runs");
        return steps;
    }

    /**
     * Trains {@code arm} with {@code seed}, resuming from its checkpoint if it has one.
     *
     * @param sink receives every epoch record as soon as it exists (for a partial result)
     * @param afterCheckpoint called with the epoch after each epoch's checkpoint is written
     */
    UnitOutcome run(AblationUnit unit, Arm arm, Consumer<EpochRecord> sink, IntConsumer afterCheckpoint) {
        String name = arm.label();
        long seed = unit.seed();
        int steps = (split.train().size() + batchSize - 1) / batchSize;
        String label = String.format(Locale.ROOT, "%-24s seed %d", name, seed);
        Learner.Builder builder = Learner.builder()
                .setModel(model.get())
                .setInputShape(split.train().imageShape())
                .optRecipe(arm.newRecipe())
                .optOptimizer(arm.optimizer(optimizer))
                .optSeed(seed)
                .optBatchSize(batchSize)
                .optTrainAugmentation(trainAugmentation)
                .optDevice(device);
        if (progress != null && progressBars) {
            java.util.Optional<TrainingHook> live = liveProgress
                    ? org.gentrain.viz.LiveProgress.inNotebook(label, steps, epochs)
                    : java.util.Optional.empty();
            builder.addHook(live.orElseGet(() -> new ProgressBar(progress, label, steps, epochs)));
        }
        hooks.forEach(h -> builder.addHook(h.get()));
        for (java.util.function.Function<TrainTestSplit, ? extends TrainingHook> evaluator : evaluators) {
            TrainingHook hook = evaluator.apply(split);
            if (hook instanceof org.gentrain.train.EpochMetrics measured) {
                summaryColumns.addAll(measured.summaryColumns());
            }
            builder.addHook(hook);
        }
        List<EpochRecord> run = new ArrayList<>();
        try (Learner learner = builder.build()) {
            if (folder != null && folder.hasCheckpoint(name, seed)) {
                Ablation.RunState state = folder.readState(name, seed);
                run.addAll(state.records());
                state.records().forEach(sink);
                if (state.status().diverged()) {
                    report(state.status().message() + " (from the earlier run)");
                    return new UnitOutcome(unit, run, state.status());
                }
                Checkpoint.restore(learner, folder.checkpoint(name, seed));
            } else {
                EpochRecord initial =
                        new EpochRecord(name, seed, 0, Double.NaN, Double.NaN, Double.NaN, learner.metricsAt(0));
                run.add(initial);
                sink.accept(initial);
            }
            while (learner.epochsCompleted() < epochs) {
                EpochResult epoch;
                try {
                    epoch = learner.trainEpoch(split.train());
                } catch (DivergedException e) {
                    RunStatus status = new RunStatus(
                            name,
                            seed,
                            true,
                            String.format(
                                    Locale.ROOT,
                                    "arm %s, seed %d diverged: loss %s at epoch %d, step %d; its last good checkpoint is kept",
                                    name,
                                    seed,
                                    e.loss(),
                                    e.epoch(),
                                    e.step()));
                    report(status.message());
                    if (folder != null) {
                        folder.writeState(name, seed, new Ablation.RunState(run, status));
                    }
                    return new UnitOutcome(unit, run, status);
                }
                double accuracy = learner.evaluate(split.test());
                EpochRecord record = new EpochRecord(
                        name,
                        seed,
                        epoch.epoch(),
                        epoch.meanLoss(),
                        accuracy,
                        StepTiming.median(epoch),
                        learner.metricsAt(epoch.epoch()));
                run.add(record);
                sink.accept(record);
                afterEpoch.run();
                report(String.format(
                        Locale.ROOT, "%s epoch %d/%d test accuracy %.4f", label, epoch.epoch(), epochs, accuracy));
                if (folder != null) {
                    Checkpoint.save(learner, folder.checkpoint(name, seed));
                    folder.writeState(name, seed, new Ablation.RunState(run, new RunStatus(name, seed, false, "")));
                    afterCheckpoint.accept(epoch.epoch());
                }
            }
            for (Ablation.AfterRun action : afterRuns) {
                action.accept(name, seed, learner);
            }
        }
        return new UnitOutcome(unit, run, new RunStatus(name, seed, false, ""));
    }

    private void report(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }
}
