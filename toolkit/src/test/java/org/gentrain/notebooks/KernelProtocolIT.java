package org.gentrain.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The installed kernel against jupyter_kernel_test (kernel-config/tests/kernel_protocol_test.py).
 * The checks rapaio-jupyter-kernel 2.3.0 is known to miss are marked there as expected failures,
 * each with its reason; all other checks must pass, and an expected failure that starts passing
 * fails the run too, so that the marks stay true.
 */
class KernelProtocolIT {

    /** Hello world, stderr, an error reply, display data, completion, completeness, inspection. */
    private static final List<String> MUST_PASS = List.of("test_execute_stdout", "test_execute_stderr", "test_error",
            "test_display_data", "test_completion", "test_completion_offers_toolkit_methods", "test_is_complete",
            "test_inspect_with_the_cursor_inside_a_name");

    @TempDir Path dir;

    @Test
    void kernelPassesTheBasicChecksOfJupyterKernelTest() throws Exception {
        String python = Jupyter.python();
        Path jupyterPath = Jupyter.installKernel(dir.resolve("jupyter"));
        Path results = dir.resolve("results.json");
        Jupyter.Result run = Jupyter.run(List.of(python, "kernel_protocol_test.py"),
                Jupyter.root().resolve("kernel-config").resolve("tests"),
                Map.of("JUPYTER_PATH", jupyterPath.toString(), "GENTRAIN_KERNEL", Jupyter.KERNEL,
                        "GENTRAIN_RESULTS", results.toString()), 600);

        Map<String, String> outcomes = new TreeMap<>();
        if (Files.exists(results)) {
            JsonParser.parseString(Files.readString(results)).getAsJsonObject().entrySet()
                    .forEach(e -> outcomes.put(e.getKey(), e.getValue().getAsString()));
        }
        StringBuilder report = new StringBuilder(String.format("jupyter_kernel_test (%.0f s):%n", run.seconds()));
        outcomes.forEach((name, outcome) -> report.append(String.format("  %-50s %s%n", name, outcome)));
        System.out.println(report);

        for (String check : MUST_PASS) {
            assertEquals("ok", outcomes.get(check), check + " did not pass\n" + report + run.output());
        }
        assertEquals(0, run.exitCode(), "kernel_protocol_test.py failed\n" + report + run.output());
    }
}
