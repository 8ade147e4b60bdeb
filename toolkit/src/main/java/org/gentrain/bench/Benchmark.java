package org.gentrain.bench;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gentrain.arms.Arm;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.data.ImageSet;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Devices;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.StepTiming;

/**
 * The benchmark protocol {@code fmnist-smallcnn} (shared/bench/PROTOCOL.md): every arm trains the
 * same model on the same data in one process, and its figure is the median step time over steps
 * 11 to 60, reported as a ratio to the {@code erm} arm of the same run.
 *
 * <p>Arm names follow the registry's grammar ({@code maxup-cutout@copies=2}, {@code erm@lr=0.01}); an
 * arm's own {@code lr} is used. Before the first arm the engine is warmed up with untimed ERM steps
 * ({@link StepTiming#warmUp}).
 *
 * <p>With {@code rounds > 1} the arms run in turn that many times and each arm's figure is the
 * median of its rounds' medians, which damps the noise of a shared machine.
 */
public final class Benchmark {

    /** The name of the plain-DJL reference arm. */
    public static final String DJL_BARE = "djl-bare";

    private final List<String> arms;
    private final Map<String, Arm> resolved = new LinkedHashMap<>();
    private final ImageSet train;
    private final Supplier<Block> model;
    private final int steps;
    private final int rounds;
    private final long seed;
    private final Device device;

    /**
     * A benchmark of the given arms; {@code erm} is added first when it is missing, since every
     * overhead is relative to it.
     */
    public Benchmark(
            List<String> arms,
            ImageSet train,
            Supplier<Block> model,
            int steps,
            int rounds,
            long seed,
            Device device,
            ArmOptions options) {
        if (steps < 11) {
            throw new IllegalArgumentException("steps must be >= 11 (steps 1 to 10 are warm-up), was " + steps);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        }
        List<String> list = new ArrayList<>(arms);
        if (!list.contains("erm")) {
            list.add(0, "erm");
        }
        if (list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("arms must differ, were " + list);
        }
        // Rejects unknown names, unread settings and settings the images do not allow before anything runs.
        List<String> named = list.stream().filter(arm -> !arm.equals(DJL_BARE)).toList();
        List<Arm> resolvedArms = ArmRegistry.global().resolveAll(named, options);
        for (Arm arm : resolvedArms) {
            arm.newRecipe().checkInputShape(train.imageShape());
            resolved.put(arm.label(), arm);
        }
        this.arms = List.copyOf(list);
        this.train = train;
        this.model = model;
        this.steps = steps;
        this.rounds = rounds;
        this.seed = seed;
        this.device = device;
    }

    /** Runs every arm and reports each as soon as the last round of all arms is done. */
    public List<BenchResult> run(Consumer<String> progress) throws IOException, TranslateException {
        int warmup = StepTiming.warmUp(
                model, resolved.get("erm").newRecipe(), train, 128, device, StepTiming.WARMUP_STEPS, 60);
        progress.accept("bench: warm-up, " + warmup + " untimed erm steps");
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String arm : arms) {
            medians.put(arm, new double[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            for (String arm : arms) {
                progress.accept("bench: " + arm + (rounds > 1 ? " (round " + (round + 1) + ")" : ""));
                medians.get(arm)[round] = medianOf(stepMillis(arm), 11, steps);
            }
        }
        double erm = median(medians.get("erm"));
        List<BenchResult> results = new ArrayList<>();
        for (String arm : arms) {
            double ms = median(medians.get(arm));
            results.add(new BenchResult(arm, ms, ms / erm, device.toString(), Devices.engineThreads(), peakRssMb()));
        }
        return results;
    }

    private double[] stepMillis(String arm) throws IOException, TranslateException {
        OptimizerSettings settings = OptimizerSettings.PROTOCOL;
        if (arm.equals(DJL_BARE)) {
            return DjlBareTraining.stepMillis(model.get(), train, settings, 128, steps, seed, device);
        }
        Arm resolvedArm = resolved.get(arm);
        try (Learner learner = Learner.builder()
                .setModel(model.get())
                .setInputShape(train.imageShape())
                .optRecipe(resolvedArm.newRecipe())
                .optOptimizer(resolvedArm.optimizer(settings))
                .optSeed(seed)
                .optDevice(device)
                .build()) {
            EpochResult epoch = learner.trainEpoch(train, steps);
            return epoch.stepMillis();
        }
    }

    private static double medianOf(double[] millis, int from, int to) {
        return new EpochResult(1, millis.length, 0, millis).medianStepMillis(from, to);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The process's peak resident memory in MiB (Linux), or -1 where it cannot be read. */
    public static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
