package org.gentrain.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gentrain.testing.Jupyter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed kernel (gentrain's own, the default) against jupyter_kernel_test and the checks
 * of kernel-config/tests/kernel_protocol_test.py: every check passes, none is an expected
 * failure. Among them: kernel_info with status, execute_result with text/plain, inspection with
 * the cursor after a name, is_complete for an open block; an interrupt ends a sleeping cell, and
 * ends a long training cell within a step with its AblationInterruptedException, after which a
 * cell reading a variable defined before the training answers within 10 s; a training cell shows
 * its progress as one display updated in place.
 */
class KernelProtocolIT {

    /** Checks that must have run and passed (the script adds jupyter_kernel_test's own). */
    private static final List<String> MUST_PASS = List.of(
            "test_kernel_info",
            "test_execute_result",
            "test_execute_stdout",
            "test_execute_stderr",
            "test_error",
            "test_display_data",
            "test_completion",
            "test_completion_offers_toolkit_methods",
            "test_is_complete",
            "test_inspect",
            "test_inspect_with_the_cursor_inside_a_name",
            "test_interrupt_ends_a_sleeping_cell",
            "test_interrupt_ends_training_and_keeps_the_session",
            "test_live_progress_updates_one_display_in_place");

    @TempDir
    Path dir;

    @Test
    void kernelPassesEveryCheckOfJupyterKernelTestAndOurs() throws Exception {
        String python = Jupyter.python();
        Path jupyterPath = Jupyter.installKernel(dir.resolve("jupyter"));
        Path results = dir.resolve("results.json");
        Jupyter.Result run = Jupyter.run(
                List.of(python, "kernel_protocol_test.py"),
                Jupyter.root().resolve("kernel-config").resolve("tests"),
                Map.of(
                        "JUPYTER_PATH",
                        jupyterPath.toString(),
                        "GENTRAIN_KERNEL",
                        Jupyter.KERNEL,
                        "GENTRAIN_KERNEL_IMPL",
                        "gentrain",
                        "GENTRAIN_RESULTS",
                        results.toString()),
                900);

        Map<String, String> outcomes = new TreeMap<>();
        if (Files.exists(results)) {
            JsonParser.parseString(Files.readString(results))
                    .getAsJsonObject()
                    .entrySet()
                    .forEach(e -> outcomes.put(e.getKey(), e.getValue().getAsString()));
        }
        StringBuilder report = new StringBuilder(String.format("jupyter_kernel_test (%.0f s):%n", run.seconds()));
        outcomes.forEach((name, outcome) -> report.append(String.format("  %-55s %s%n", name, outcome)));
        System.out.println(report);

        for (String check : MUST_PASS) {
            assertEquals("ok", outcomes.get(check), check + " did not pass\n" + report + run.output());
        }
        outcomes.forEach((name, outcome) -> assertTrue(
                outcome.equals("ok") || outcome.startsWith("skipped"),
                name + ": " + outcome + "\n" + report + run.output()));
        assertEquals(0, run.exitCode(), "kernel_protocol_test.py failed\n" + report + run.output());
    }
}
