package org.gentrain.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gentrain.train.Learner;
import org.gentrain.train.StepContext;
import org.gentrain.train.TrainingHook;

/**
 * Training progress as one display in a notebook, updated in place while the cell runs: a line
 * per finished epoch and, for the epoch under way, a bar with the step count, the running mean
 * loss and the mean step time. Made by {@link #inNotebook}, which is empty outside a kernel that
 * can update a display (then use {@link org.gentrain.train.ProgressBar}'s text lines).
 *
 * <p>Updates are sent at most every {@link #UPDATE_MILLIS} milliseconds and at each epoch's end,
 * so that a fast model does not flood the notebook with messages.
 */
public final class LiveProgress implements TrainingHook {

    /** The shortest time between two updates of the display within an epoch. */
    public static final long UPDATE_MILLIS = 500;

    private static final int WIDTH = 24;

    private final NotebookDisplay.LiveDisplay display;
    private final String label;
    private final int stepsPerEpoch;
    private final int epochs;
    private final List<String> finished = new ArrayList<>();
    private double lossSum;
    private int steps;
    private long epochStart;
    private long lastUpdate;
    private boolean failed;

    private LiveProgress(NotebookDisplay.LiveDisplay display, String label, int stepsPerEpoch, int epochs) {
        this.display = display;
        this.label = label;
        this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
        this.epochs = epochs;
    }

    /**
     * A live progress display for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps,
     * or empty where no notebook kernel can update a display in place.
     *
     * @param label what is training, such as the arm and seed
     */
    public static Optional<TrainingHook> inNotebook(String label, int stepsPerEpoch, int epochs) {
        return NotebookDisplay.live().map(live -> new LiveProgress(live, label, stepsPerEpoch, epochs));
    }

    @Override
    public void onEpochStart(Learner learner, int epoch) {
        lossSum = 0;
        steps = 0;
        epochStart = System.nanoTime();
        lastUpdate = 0;
        show(epoch);
    }

    @Override
    public void onStepEnd(StepContext step) {
        lossSum += step.loss();
        steps++;
        long now = System.nanoTime();
        if ((now - lastUpdate) / 1_000_000 >= UPDATE_MILLIS) {
            lastUpdate = now;
            show(step.epoch());
        }
    }

    @Override
    public void onEpochEnd(Learner learner, int epoch) {
        finished.add(line(epoch, true));
        show(epoch);
    }

    private void show(int epoch) {
        if (failed) {
            return;
        }
        List<String> lines = new ArrayList<>(finished);
        if (finished.size() < epoch) {
            lines.add(line(epoch, false));
        }
        String text = String.join("\n", lines);
        try {
            display.showHtml("<pre class=\"gentrain-progress\">" + NotebookDisplay.escape(text) + "</pre>", text);
        } catch (RuntimeException e) {
            // the display is a view of the training, never a reason to stop it
            failed = true;
            System.err.println("gentrain: the progress display stopped updating: " + e.getMessage());
        }
    }

    private String line(int epoch, boolean done) {
        int filled = (int) Math.round(WIDTH * Math.min(1.0, steps / (double) stepsPerEpoch));
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        return String.format(
                Locale.ROOT,
                "%s epoch %d/%d [%s%s] %d/%d loss %.4f %.0f ms/step%s",
                label,
                epoch,
                epochs,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                steps,
                stepsPerEpoch,
                steps == 0 ? Double.NaN : lossSum / steps,
                steps == 0 ? 0.0 : seconds * 1000 / steps,
                done ? "" : " ...");
    }
}
