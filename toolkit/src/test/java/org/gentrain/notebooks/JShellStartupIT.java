package org.gentrain.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gentrain.testing.Jupyter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gentrain jshell} loads gentrain.jsh, and a one-line ablation at its prompt works. */
class JShellStartupIT {

    @TempDir
    Path dir;

    @Test
    void oneLineAblationAtTheJShellPromptPrintsItsSummaryForEveryArm() throws Exception {
        Path input = Files.writeString(
                dir.resolve("input.jsh"), "Ablation.quick(\"erm\", \"maxup-cutout\").epochs(1).run()\n/exit\n");
        Jupyter.Result result = Jupyter.run(
                List.of("bash", Jupyter.root().resolve("gentrain").toString(), "jshell"),
                dir,
                Map.of("GENTRAIN_QUICK", "1"),
                600,
                input);
        String out = result.output();
        System.out.printf("jshell session: %.1f s%n%s%n", result.seconds(), out);

        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("gentrain: toolkit imported"), "gentrain.jsh was not loaded:\n" + out);
        assertTrue(out.contains("summary (baseline erm;"), "no ablation summary:\n" + out);
        // The summary's row for each arm: status ok, one seed, a test accuracy in (0.1, 1].
        for (String arm : List.of("erm", "maxup-cutout")) {
            Matcher row = Pattern.compile("(?m)^\\s*" + arm + "\\s+\\|\\s+ok\\s+\\|\\s+1\\s+\\|\\s+([0-9.]+)")
                    .matcher(out);
            assertTrue(row.find(), "no " + arm + " row in the summary:\n" + out);
            double accuracy = Double.parseDouble(row.group(1));
            assertTrue(
                    accuracy > 0.1 && accuracy <= 1.0, arm + ": test accuracy after one quick epoch was " + accuracy);
        }
        assertTrue(!out.contains("|  Error:") && !out.contains("Exception"), "errors in the session:\n" + out);
    }
}
