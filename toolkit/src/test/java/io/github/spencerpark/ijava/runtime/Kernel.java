package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;

/**
 * Test double of IJava's runtime entry point, with the same names and signatures that
 * org.gentrain.viz.NotebookDisplay looks up by reflection: {@code getKernelInstance()} and the
 * kernel's {@code display(DisplayData)}. No kernel runs until a test sets one.
 */
public final class Kernel {

    private static FakeKernel instance;

    private Kernel() {}

    /** The running kernel, or null, as in IJava. */
    public static FakeKernel getKernelInstance() {
        return instance;
    }

    /** Starts (or with null stops) the fake kernel. */
    public static void run(FakeKernel kernel) {
        instance = kernel;
    }

    /** Records what it is asked to display. */
    public static final class FakeKernel {
        public final List<DisplayData> displayed = new ArrayList<>();

        public void display(DisplayData data) {
            displayed.add(data);
        }
    }
}
