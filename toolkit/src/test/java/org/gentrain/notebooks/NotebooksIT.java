package org.gentrain.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gentrain.testing.Jupyter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/ executed headlessly by {@code jupyter nbconvert --execute} in the
 * "Java (gentrain)" kernel, installed into a temporary Jupyter path, in quick mode
 * ({@code GENTRAIN_QUICK=1}). A notebook fails on any cell error; it must show at least one image
 * (image/png), and 05-ablation an HTML table.
 */
class NotebooksIT {

    /** The notebooks that must exist (all of them run, these and any others). */
    static final List<String> EXPECTED = List.of(
            "01-maxup",
            "02-complement-objective",
            "03-orthogonal-training",
            "04-hyperspherical-energy",
            "05-ablation",
            "06-robustness",
            "07-sequences");

    @TempDir
    static Path dir;

    private static Path jupyterPath;
    private static double totalSeconds;

    @BeforeAll
    static void installKernel() {
        jupyterPath = Jupyter.installKernel(dir.resolve("jupyter"));
    }

    @AfterAll
    static void reportTime() {
        System.out.printf("notebooks executed in quick mode in %.0f s%n", totalSeconds);
    }

    static List<Path> notebooks() throws Exception {
        try (Stream<Path> files = Files.list(Jupyter.root().resolve("notebooks"))) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void everyTechniqueHasItsNotebook() throws Exception {
        List<String> names = notebooks().stream()
                .map(p -> p.getFileName().toString().replace(".ipynb", ""))
                .toList();
        assertTrue(names.containsAll(EXPECTED), "notebooks/ holds " + names + ", expected at least " + EXPECTED);
    }

    @Test
    void notebooksAskForTheGentrainKernelAndUseNoKernelMagics() throws Exception {
        for (Path notebook : notebooks()) {
            JsonObject root = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
            assertEquals(
                    Jupyter.KERNEL,
                    root.getAsJsonObject("metadata")
                            .getAsJsonObject("kernelspec")
                            .get("name")
                            .getAsString(),
                    notebook + " kernelspec");
            for (JsonElement cell : root.getAsJsonArray("cells")) {
                JsonObject object = cell.getAsJsonObject();
                if (!"code".equals(object.get("cell_type").getAsString())) {
                    continue;
                }
                for (String line : text(object.get("source")).split("\n")) {
                    String trimmed = line.trim();
                    assertTrue(
                            !trimmed.startsWith("%") && !trimmed.startsWith("!"),
                            notebook.getFileName() + " uses a kernel magic: " + line);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsInQuickModeWithoutErrorsAndShowsAnImage() throws Exception {
        return notebooks().stream()
                .map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> execute(notebook)));
    }

    private static void execute(Path notebook) throws Exception {
        String name = notebook.getFileName().toString();
        Path out = dir.resolve("executed");
        Files.createDirectories(out);
        List<String> command = List.of(
                Jupyter.jupyter(),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL,
                "--ExecutePreprocessor.timeout=600",
                "--ExecutePreprocessor.startup_timeout=30",
                "--output-dir",
                out.toString(),
                "--output",
                name,
                notebook.toString());
        Map<String, String> env = Map.of("JUPYTER_PATH", jupyterPath.toString(), "GENTRAIN_QUICK", "1");
        Jupyter.Result run = Jupyter.run(command, Jupyter.root(), env, 900);
        totalSeconds += run.seconds();
        System.out.printf("%s: %.0f s%n", name, run.seconds());
        Path executed = out.resolve(name);
        if (run.exitCode() != 0 || !Files.exists(executed)) {
            fail(name + " failed (exit " + run.exitCode() + ")\n" + cellErrors(executed) + run.output());
        }

        String errors = cellErrors(executed);
        assertEquals("", errors, name + " has cells that failed");
        List<JsonObject> outputs = outputs(executed);
        long images = outputs.stream().filter(o -> data(o).has("image/png")).count();
        assertTrue(images >= 1, name + " shows no image (image/png)");
        if (name.startsWith("05-")) {
            boolean table = outputs.stream()
                    .anyMatch(o -> data(o).has("text/html")
                            && text(data(o).get("text/html")).contains("<table"));
            assertTrue(table, name + " shows no HTML table");
        }
    }

    private static List<JsonObject> outputs(Path notebook) throws Exception {
        List<JsonObject> outputs = new ArrayList<>();
        JsonObject root = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        for (JsonElement cell : root.getAsJsonArray("cells")) {
            JsonObject object = cell.getAsJsonObject();
            if (object.has("outputs")) {
                object.getAsJsonArray("outputs").forEach(o -> outputs.add(o.getAsJsonObject()));
            }
        }
        return outputs;
    }

    /** Every error output of the executed notebook, as text; empty when there is none. */
    private static String cellErrors(Path notebook) throws Exception {
        if (notebook == null || !Files.exists(notebook)) {
            return "";
        }
        StringBuilder errors = new StringBuilder();
        for (JsonObject output : outputs(notebook)) {
            if ("error".equals(output.get("output_type").getAsString())) {
                errors.append(output.get("ename").getAsString())
                        .append(": ")
                        .append(output.get("evalue").getAsString())
                        .append('\n')
                        .append(text(output.get("traceback")))
                        .append('\n');
            }
        }
        return errors.toString();
    }

    private static JsonObject data(JsonObject output) {
        return output.has("data") ? output.getAsJsonObject("data") : new JsonObject();
    }

    private static String text(JsonElement element) {
        if (element == null) {
            return "";
        }
        if (element.isJsonArray()) {
            StringBuilder joined = new StringBuilder();
            element.getAsJsonArray().forEach(e -> joined.append(e.getAsString()));
            return joined.toString();
        }
        return element.getAsString();
    }
}
