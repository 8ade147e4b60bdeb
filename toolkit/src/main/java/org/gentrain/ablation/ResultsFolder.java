package org.gentrain.ablation;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An ablation's output folder: {@code config.json}, {@code checkpoints/} (one checkpoint and one
 * state file per arm x seed, replaced atomically after every epoch), and at the end {@code
 * epochs.csv}, {@code summary.csv} and the charts as PNG. It refuses to replace results unless told
 * to, and refuses to resume a run with another configuration.
 */
final class ResultsFolder {

    static final String CONFIG = "config.json";
    /** Epoch 0's record (before training) holds NaN loss, accuracy and step time: written as NaN. */
    private static final Gson GSON = new com.google.gson.GsonBuilder()
            .disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
            .create();

    private final Path root;

    private ResultsFolder(Path root) {
        this.root = root;
    }

    /**
     * Opens {@code root} for a run of {@code config}.
     *
     * @throws IllegalArgumentException if the folder holds results and neither overwrite nor a
     *     matching resume was asked for
     */
    static ResultsFolder prepare(Path root, AblationConfig config, boolean overwrite, boolean resume) {
        try {
            boolean exists = Files.isDirectory(root) && !isEmpty(root);
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new IllegalArgumentException("output " + root + " is a file, not a folder");
            }
            if (resume) {
                Path configFile = root.resolve(CONFIG);
                if (!Files.isRegularFile(configFile)) {
                    throw new IllegalArgumentException(
                            "resume: " + root + " holds no run to resume (no " + CONFIG + ")");
                }
                AblationConfig earlier = AblationConfig.fromJson(Files.readString(configFile));
                if (!earlier.equals(config)) {
                    throw new IllegalArgumentException("resume: " + root + " holds a run with other settings; "
                            + "use the same arms, seeds, epochs, data and options, or another output folder."
                            + "\n  earlier: " + earlier.toJson().replaceAll("\\s+", " ")
                            + "\n  now:     " + config.toJson().replaceAll("\\s+", " "));
                }
                return new ResultsFolder(root);
            }
            if (exists && !Files.isRegularFile(root.resolve(CONFIG))) {
                throw new IllegalArgumentException("output " + root + " holds files that are not gentrain results; "
                        + "choose a new or empty folder");
            }
            if (exists && !overwrite) {
                throw new IllegalArgumentException("output " + root + " already holds results; "
                        + "use --overwrite to replace them, --resume to continue them, or another --out");
            }
            if (exists) {
                deleteOwnFiles(root);
            }
            Files.createDirectories(root.resolve("checkpoints"));
            writeAtomically(root.resolve(CONFIG), config.toJson());
            return new ResultsFolder(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output folder " + root, e);
        }
    }

    /**
     * Opens a folder that {@link #prepare} has prepared (in this or another process), to add
     * checkpoints and results to it.
     *
     * @throws IllegalStateException if it holds no {@code config.json}
     */
    static ResultsFolder open(Path root) {
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new IllegalStateException("results folder " + root + " holds no " + CONFIG
                    + ": it was not prepared, or this process does not see it (on a cluster the output folder "
                    + "must be a path that the driver and every executor share)");
        }
        return new ResultsFolder(root);
    }

    /** Whether {@code folder} exists and is not empty. */
    static boolean holdsResults(Path folder) {
        try {
            return Files.isDirectory(folder) && !isEmpty(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
    }

    Path root() {
        return root;
    }

    Path checkpoint(String arm, long seed) {
        return root.resolve("checkpoints").resolve(runName(arm, seed) + ".ckpt");
    }

    private Path statePath(String arm, long seed) {
        return root.resolve("checkpoints").resolve(runName(arm, seed) + ".json");
    }

    boolean hasCheckpoint(String arm, long seed) {
        return Files.isRegularFile(statePath(arm, seed));
    }

    Ablation.RunState readState(String arm, long seed) {
        try {
            StateJson json = GSON.fromJson(Files.readString(statePath(arm, seed)), StateJson.class);
            return new Ablation.RunState(List.of(json.records), json.status);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + statePath(arm, seed), e);
        }
    }

    void writeState(String arm, long seed, Ablation.RunState state) {
        StateJson json = new StateJson();
        json.records = state.records().toArray(new EpochRecord[0]);
        json.status = state.status();
        try {
            writeAtomically(statePath(arm, seed), GSON.toJson(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + statePath(arm, seed), e);
        }
    }

    void writeResults(AblationResult result) {
        try {
            writeAtomically(root.resolve("epochs.csv"), AblationResult.csv(result.epochs()));
            writeAtomically(root.resolve("summary.csv"), AblationResult.csv(result.summary()));
            result.writeCharts(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + root, e);
        }
    }

    private static String runName(String arm, long seed) {
        return arm.replaceAll("[^A-Za-z0-9._+-]", "_") + "-seed" + seed;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes what a run writes (and nothing else a user may have put there). */
    private static void deleteOwnFiles(Path folder) throws IOException {
        Path checkpoints = folder.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> walk = Files.walk(checkpoints)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path path : entries.toList()) {
                String name = path.getFileName().toString();
                if (name.equals(CONFIG) || name.endsWith(".csv") || name.endsWith(".png") || name.endsWith(".tmp")) {
                    Files.delete(path);
                }
            }
        }
    }

    /** The JSON form of a run's state. */
    private static final class StateJson {
        EpochRecord[] records;
        RunStatus status;
    }
}
