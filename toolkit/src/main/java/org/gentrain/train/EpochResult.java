package org.gentrain.train;

import java.util.Arrays;

/**
 * What one training epoch did.
 *
 * @param epoch the epoch, counting from 1
 * @param steps the number of steps taken
 * @param meanLoss the mean of the steps' losses
 * @param stepMillis the wall time of every step in milliseconds, data loading included
 */
public record EpochResult(int epoch, int steps, double meanLoss, double[] stepMillis) {

    /**
     * The median step time over steps {@code from} to {@code to} (counting from 1, inclusive),
     * clipped to the steps there are; the benchmark protocol uses steps 11 to 60.
     */
    public double medianStepMillis(int from, int to) {
        int start = Math.max(0, Math.min(from - 1, stepMillis.length - 1));
        int end = Math.max(start + 1, Math.min(to, stepMillis.length));
        double[] window = Arrays.copyOfRange(stepMillis, start, end);
        Arrays.sort(window);
        int n = window.length;
        return n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
    }

    /** The median over all steps after the first ten (all steps if there are ten or fewer). */
    public double medianStepMillis() {
        return stepMillis.length > 10
                ? medianStepMillis(11, stepMillis.length)
                : medianStepMillis(1, stepMillis.length);
    }
}
