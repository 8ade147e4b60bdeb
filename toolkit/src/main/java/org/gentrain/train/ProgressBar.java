package org.gentrain.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar for a training run: the label, the epoch, a bar, the step count,
 * the running mean loss and the step time. It redraws in place where the output is a terminal and
 * prints one line per epoch otherwise (logs and notebooks stay readable).
 */
public final class ProgressBar implements TrainingHook {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final String label;
    private final int stepsPerEpoch;
    private final int epochs;
    private final boolean interactive;
    private double lossSum;
    private int steps;
    private long epochStart;

    /**
     * A bar for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps.
     *
     * @param out where to draw (usually {@code System.err})
     * @param label what is training, such as the arm and seed
     */
    public ProgressBar(PrintStream out, String label, int stepsPerEpoch, int epochs) {
        this(out, label, stepsPerEpoch, epochs, System.console() != null);
    }

    /** As above, with the redraw mode given. */
    public ProgressBar(PrintStream out, String label, int stepsPerEpoch, int epochs, boolean interactive) {
        this.out = out;
        this.label = label;
        this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
        this.epochs = epochs;
        this.interactive = interactive;
    }

    @Override
    public void onEpochStart(Learner learner, int epoch) {
        lossSum = 0;
        steps = 0;
        epochStart = System.nanoTime();
    }

    @Override
    public void onStepEnd(StepContext step) {
        lossSum += step.loss();
        steps++;
        if (interactive && (steps % 5 == 0 || steps == stepsPerEpoch)) {
            out.print("\r" + line(step.epoch()));
            out.flush();
        }
    }

    @Override
    public void onEpochEnd(Learner learner, int epoch) {
        if (interactive) {
            out.print("\r" + line(epoch) + System.lineSeparator());
        } else {
            out.println(line(epoch));
        }
        out.flush();
    }

    private String line(int epoch) {
        int filled = (int) Math.round(WIDTH * Math.min(1.0, steps / (double) stepsPerEpoch));
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        return String.format(
                Locale.ROOT,
                "%s epoch %d/%d [%s%s] %d/%d loss %.4f %.0f ms/step",
                label,
                epoch,
                epochs,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                steps,
                stepsPerEpoch,
                steps == 0 ? Double.NaN : lossSum / steps,
                steps == 0 ? 0.0 : seconds * 1000 / steps);
    }
}
