package org.gentrain.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shared reference vectors ({@code shared/vectors/*.json}, schema in their README): float64
 * inputs with the values and gradients the published reference code computes for them.
 *
 * <p>Nested maps of tensors (such as {@code hcot.json}'s {@code grads.inner.logits}) are
 * flattened to dotted keys ({@code inner.logits}).
 *
 * <p>The folder is found through the system property {@code gentrain.vectors}, the environment
 * variable {@code GENTRAIN_VECTORS}, {@code ../shared/vectors} beside the repository, or else the
 * copy committed with the tests ({@code src/test/resources/reference-vectors}), so that a clean
 * clone tests against them on its own. A test that needs them fails, never skips, when they are
 * missing.
 */
public final class ReferenceVectors {

    private ReferenceVectors() {}

    /** A flat row-major array with its shape. */
    public record Tensor(long[] shape, double[] data) {

        /** This tensor as an NDArray of the given type in {@code manager}. */
        public NDArray toNDArray(NDManager manager, DataType type) {
            NDArray array = manager.create(data, new Shape(shape));
            return type == DataType.FLOAT64 ? array : array.toType(type, false);
        }

        /** The data as integer labels. */
        public int[] asInts() {
            int[] ints = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                ints[i] = (int) data[i];
            }
            return ints;
        }
    }

    /** One case of a vector file. */
    public record Case(
            String name,
            JsonObject params,
            Map<String, Tensor> inputs,
            Map<String, Tensor> outputs,
            Map<String, Tensor> cotangents,
            Map<String, Tensor> grads,
            double rtol) {

        /** The single scalar value of a case whose {@code output} is a number. */
        public double scalarOutput() {
            return outputs.get("output").data()[0];
        }

        /**
         * An input given as a list of arrays (such as CoMHE's {@code projections}), in order; such
         * inputs are also in {@link #inputs()} as {@code key[0]}, {@code key[1]}, ...
         */
        public List<Tensor> inputList(String key) {
            List<Tensor> list = new ArrayList<>();
            for (int i = 0; inputs.containsKey(key + "[" + i + "]"); i++) {
                list.add(inputs.get(key + "[" + i + "]"));
            }
            return list;
        }

        /** A string parameter, or empty. */
        public Optional<String> param(String key) {
            return params != null && params.has(key)
                    ? Optional.of(params.get(key).getAsString())
                    : Optional.empty();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The folder that holds the vector files. */
    public static Path folder() {
        String configured = System.getProperty("gentrain.vectors", System.getenv("GENTRAIN_VECTORS"));
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            candidates.add(p.resolve("shared/vectors"));
            candidates.add(p.resolveSibling("shared").resolve("vectors"));
        }
        for (Path p = here; p != null; p = p.getParent()) {
            candidates.add(p.resolve("src/test/resources/reference-vectors"));
            candidates.add(p.resolve("toolkit/src/test/resources/reference-vectors"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("reference vectors not found: set -Dgentrain.vectors or GENTRAIN_VECTORS to the"
                + " shared/vectors folder (looked in " + candidates + ")");
    }

    /** Every case of one file, such as {@code "mhe.json"}. */
    public static List<Case> load(String file) {
        Path path = folder().resolve(file);
        try (Reader reader = Files.newBufferedReader(path)) {
            JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
            List<Case> cases = new ArrayList<>();
            for (JsonElement element : root.getAsJsonArray("cases")) {
                cases.add(toCase(element.getAsJsonObject()));
            }
            return cases;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read reference vectors " + path, e);
        }
    }

    private static Case toCase(JsonObject json) {
        Map<String, Tensor> outputs = new TreeMap<>();
        if (json.has("output")) {
            JsonElement output = json.get("output");
            if (output.isJsonPrimitive() || output.getAsJsonObject().has("shape")) {
                outputs.put("output", tensor(output));
            } else {
                outputs.putAll(tensors(output.getAsJsonObject()));
            }
        }
        if (json.has("outputs")) {
            outputs.putAll(tensors(json.getAsJsonObject("outputs")));
        }
        return new Case(
                json.get("name").getAsString(),
                json.has("params") && json.get("params").isJsonObject() ? json.getAsJsonObject("params") : null,
                tensors(json.getAsJsonObject("inputs")),
                outputs,
                json.has("cotangents") ? tensors(json.getAsJsonObject("cotangents")) : Map.of(),
                json.has("grads") ? tensors(json.getAsJsonObject("grads")) : Map.of(),
                json.has("rtol") ? json.get("rtol").getAsDouble() : 1e-6);
    }

    private static Map<String, Tensor> tensors(JsonObject object) {
        Map<String, Tensor> map = new TreeMap<>();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            if (entry.getValue().isJsonArray()) {
                var list = entry.getValue().getAsJsonArray();
                for (int i = 0; i < list.size(); i++) {
                    map.put(entry.getKey() + "[" + i + "]", tensor(list.get(i)));
                }
            } else if (entry.getValue().isJsonObject()
                    && !entry.getValue().getAsJsonObject().has("shape")) {
                // Nested, such as hcot.json's grads.inner.logits: flattened to "inner.logits".
                tensors(entry.getValue().getAsJsonObject())
                        .forEach((key, tensor) -> map.put(entry.getKey() + "." + key, tensor));
            } else {
                map.put(entry.getKey(), tensor(entry.getValue()));
            }
        }
        return map;
    }

    private static Tensor tensor(JsonElement element) {
        if (element.isJsonPrimitive()) {
            return new Tensor(new long[0], new double[] {element.getAsDouble()});
        }
        JsonObject object = element.getAsJsonObject();
        var shapeJson = object.getAsJsonArray("shape");
        long[] shape = new long[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).getAsLong();
        }
        var dataJson = object.getAsJsonArray("data");
        double[] data = new double[dataJson.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = dataJson.get(i).getAsDouble();
        }
        return new Tensor(shape, data);
    }
}
