package org.dflib.jjava.jupyter.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Test double of jjava-jupyter's kernel base class as gentrain's kernel extends it, with the
 * names that org.gentrain.viz.NotebookDisplay looks up by reflection: the static {@code
 * notebookKernel()} (which throws while no kernel runs, as the real one does), {@code
 * display(DisplayData)} and gentrain's kernel's {@code updateDisplay(DisplayData)}.
 */
public class BaseKernel {

    private static BaseKernel running;

    /** What the kernel was asked to display, and to update in place, in order. */
    public final List<DisplayData> displayed = new ArrayList<>();

    public final List<DisplayData> updated = new ArrayList<>();

    /** The running kernel; throws while none runs. */
    public static BaseKernel notebookKernel() {
        return Objects.requireNonNull(running, "No kernel running");
    }

    /** Starts (or with null stops) the fake kernel. */
    public static void run(BaseKernel kernel) {
        running = kernel;
    }

    public void display(DisplayData data) {
        displayed.add(data);
    }

    public void updateDisplay(DisplayData data) {
        updated.add(data);
    }
}
