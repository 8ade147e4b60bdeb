package org.gentrain.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gentrain.testing.Jupyter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernel-config/tests/live-progress.ipynb executed by {@code jupyter nbconvert --execute} in the
 * default kernel: a training cell with a live progress display and a live accuracy chart runs
 * without errors. nbclient applies each update_display_data to the output it replaces, so the
 * saved notebook holds the last state of each display: the progress of the final epoch and the
 * accuracy chart as an image.
 */
class KernelNotebookIT {

    @TempDir
    Path dir;

    @Test
    void aCellWithLiveProgressRunsUnderNbconvertAndKeepsTheLastStateOfItsDisplays() throws Exception {
        Path jupyterPath = Jupyter.installKernel(dir.resolve("jupyter"));
        Path notebook = Jupyter.root().resolve("kernel-config/tests/live-progress.ipynb");
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
                dir.toString(),
                "--output",
                "executed.ipynb",
                notebook.toString());
        Jupyter.Result run = Jupyter.run(command, Jupyter.root(), Map.of("JUPYTER_PATH", jupyterPath.toString()), 900);
        System.out.printf("live-progress.ipynb: %.0f s%n", run.seconds());
        assertEquals(0, run.exitCode(), run.output());

        List<List<JsonObject>> cells = outputsByCell(dir.resolve("executed.ipynb"));
        for (List<JsonObject> outputs : cells) {
            for (JsonObject output : outputs) {
                assertTrue(!"error".equals(output.get("output_type").getAsString()), "a cell failed: " + output);
            }
        }
        assertEquals("gentrain", plain(cells.get(1).get(0)), "the notebook ran in gentrain's kernel");
        List<JsonObject> training = cells.get(2);
        JsonObject progress = training.stream()
                .filter(o -> html(o).contains("gentrain-progress"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no progress display in " + training));
        assertTrue(plain(progress).contains("epoch 2/2"), "the progress display's last state: " + plain(progress));
        assertTrue(plain(progress).matches("(?s).*loss [0-9.]+ [0-9]+ ms/step.*"), plain(progress));
        assertTrue(training.stream().anyMatch(o -> data(o).has("image/png")), "no accuracy chart in " + training);
        int rows = Integer.parseInt(plain(cells.get(3).get(0)).strip());
        assertTrue(rows >= 2, "the result holds both epochs, had " + rows + " rows");
    }

    private static List<List<JsonObject>> outputsByCell(Path notebook) throws Exception {
        List<List<JsonObject>> cells = new ArrayList<>();
        JsonObject root = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        for (JsonElement cell : root.getAsJsonArray("cells")) {
            List<JsonObject> outputs = new ArrayList<>();
            JsonObject object = cell.getAsJsonObject();
            if (object.has("outputs")) {
                object.getAsJsonArray("outputs").forEach(o -> outputs.add(o.getAsJsonObject()));
            }
            cells.add(outputs);
        }
        return cells;
    }

    private static JsonObject data(JsonObject output) {
        return output.has("data") ? output.getAsJsonObject("data") : new JsonObject();
    }

    private static String plain(JsonObject output) {
        return text(data(output).get("text/plain"));
    }

    private static String html(JsonObject output) {
        return text(data(output).get("text/html"));
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
