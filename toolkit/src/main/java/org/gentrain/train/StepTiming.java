package org.gentrain.train;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.function.Supplier;
import org.gentrain.data.ImageSet;

/**
 * How gentrain times training steps, so that an ablation's step times and overheads agree with
 * {@code gentrain bench}. Two effects inflate the first steps of a process: the engine's first
 * calls (allocations, kernel selection) and the JVM's just-in-time compiler, whose threads compete
 * with libtorch's for the cores for several seconds. So before the first timed run, {@link #warmUp}
 * trains a throwaway copy of the model until its step times are steady; and each epoch's step
 * time is the median over its steps after the first {@value #WARMUP_STEPS} ({@link #median}).
 */
public final class StepTiming {

    /** Steps at the start of every epoch that its median leaves out. */
    public static final int WARMUP_STEPS = 10;

    /** The steps {@link #warmUp} compares: the last this many must agree. */
    public static final int STEADY_WINDOW = 8;

    /** How far apart (relative) the steady window's fastest and slowest median halves may be. */
    public static final double STEADY_TOLERANCE = 0.10;

    private StepTiming() {}

    /** The epoch's median step time over its steps after the first {@value #WARMUP_STEPS}. */
    public static double median(EpochResult epoch) {
        return epoch.medianStepMillis();
    }

    /**
     * Whether the last {@value #STEADY_WINDOW} step times are steady: the medians of the window's
     * two halves differ by at most {@value #STEADY_TOLERANCE} of the larger one. A warming process
     * runs steps that get faster, so its later half is clearly faster than its earlier half.
     */
    public static boolean isSteady(double[] millis, int count) {
        if (count < STEADY_WINDOW) {
            return false;
        }
        int half = STEADY_WINDOW / 2;
        double early = medianOf(Arrays.copyOfRange(millis, count - STEADY_WINDOW, count - half));
        double late = medianOf(Arrays.copyOfRange(millis, count - half, count));
        return Math.abs(early - late) <= STEADY_TOLERANCE * Math.max(early, late);
    }

    /**
     * Trains a throwaway learner with a fresh model and {@code recipe} on {@code train} until its step
     * times are steady ({@link #isSteady}), but at least {@code minSteps} and at most {@code maxSteps}
     * steps (it cycles through epochs if the data are small). Nothing of it is kept.
     *
     * @return the number of steps it took
     */
    public static int warmUp(
            Supplier<Block> model,
            Recipe recipe,
            ImageSet train,
            int batchSize,
            Device device,
            int minSteps,
            int maxSteps) {
        Checks.atLeast("minSteps", minSteps, 1);
        Checks.atLeast("maxSteps", maxSteps, minSteps);
        double[] millis = new double[maxSteps];
        int count = 0;
        try (Learner learner = Learner.builder()
                .setModel(model.get())
                .setInputShape(train.imageShape())
                .optRecipe(recipe)
                .optBatchSize(batchSize)
                .optDevice(device)
                .build()) {
            while (count < maxSteps && (count < minSteps || !isSteady(millis, count))) {
                EpochResult epoch = learner.trainEpoch(train, 1);
                millis[count++] = epoch.stepMillis()[0];
            }
        }
        return count;
    }

    private static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
