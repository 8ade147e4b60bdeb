package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learner's whole training state in one file: every parameter of the model (fixed ones too, by
 * their path in the block, such as {@code 01Conv2d_weight}),
 * every optimizer's settings (kind, hyperparameters and schedule), learning rate in force and
 * state (SGD's velocities; Adam's moments and step counts), the hooks' learned state, and the
 * epoch and step counters. Random state needs no saving: every random source is reseeded from the
 * run's seed at each epoch's start, so a run resumed from a checkpoint taken at an epoch's end
 * continues exactly, mid-schedule too (the schedule's rate is a function of the epoch, and a
 * checkpoint written with other optimizer settings is refused).
 *
 * <p>Writing is atomic: the file is written beside its target and renamed over it, so a process
 * killed at any moment leaves the previous checkpoint intact.
 */
public final class Checkpoint {

    private static final int MAGIC = 0x47454E54; // "GENT"
    private static final int VERSION = 2;

    /** Version 1 held SGD velocities only, without settings or learning rates; it is still read. */
    private static final int VELOCITIES_ONLY = 1;

    private Checkpoint() {}

    /** Writes the learner's state to {@code file}, replacing an older checkpoint atomically. */
    public static void save(Learner learner, Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(learner.epochsCompleted());
                out.writeLong(learner.globalStep());
                Map<String, NDArray> parameters = new LinkedHashMap<>();
                Map<String, String> names = new LinkedHashMap<>();
                for (Pair<String, Parameter> pair : learner.block().getParameters()) {
                    parameters.put(pair.getKey(), pair.getValue().getArray());
                    names.put(pair.getValue().getId(), pair.getKey());
                }
                writeArrays(out, parameters);
                out.writeInt(learner.optimizers().size());
                for (Map.Entry<String, StatefulOptimizer> entry :
                        learner.optimizers().entrySet()) {
                    StatefulOptimizer optimizer = entry.getValue();
                    out.writeUTF(entry.getKey());
                    out.writeUTF(optimizer.settings().describe());
                    out.writeFloat(optimizer.learningRate());
                    Map<String, Map<String, NDArray>> slots = optimizer.slots();
                    out.writeInt(slots.size());
                    for (Map.Entry<String, Map<String, NDArray>> slot : slots.entrySet()) {
                        out.writeUTF(slot.getKey());
                        Map<String, NDArray> byName = new LinkedHashMap<>();
                        slot.getValue().forEach((id, v) -> byName.put(names.get(id), v));
                        writeArrays(out, byName);
                    }
                }
                List<TrainingHook> hooks = learner.recipe().hooks();
                out.writeInt(hooks.size());
                for (TrainingHook hook : hooks) {
                    writeArrays(out, hook.state());
                }
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** The number of epochs a checkpoint file holds, without restoring it. */
    public static int epochOf(Path file) {
        try (DataInputStream in = open(file)) {
            in.readInt();
            return in.readInt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    /**
     * Restores a learner built with the same model and recipe to the state in {@code file}.
     *
     * @throws IllegalStateException if the checkpoint does not fit the learner's model
     */
    public static void restore(Learner learner, Path file) {
        try (DataInputStream in = open(file)) {
            int version = in.readInt();
            int epochs = in.readInt();
            long steps = in.readLong();
            NDManager manager = learner.manager();
            try (NDManager scratch = manager.newSubManager()) {
                Map<String, NDArray> parameters = readArrays(in, scratch);
                Map<String, String> ids = new LinkedHashMap<>();
                for (Pair<String, Parameter> pair : learner.block().getParameters()) {
                    Parameter parameter = pair.getValue();
                    ids.put(pair.getKey(), parameter.getId());
                    NDArray saved = parameters.get(pair.getKey());
                    if (saved == null
                            || !saved.getShape().equals(parameter.getArray().getShape())) {
                        throw new IllegalStateException("checkpoint " + file + " does not fit the model: parameter "
                                + pair.getKey() + " " + parameter.getArray().getShape()
                                + (saved == null ? " is missing" : " was saved as " + saved.getShape()));
                    }
                    saved.copyTo(parameter.getArray());
                }
                int optimizers = in.readInt();
                for (int i = 0; i < optimizers; i++) {
                    String name = in.readUTF();
                    StatefulOptimizer optimizer = learner.optimizer(name);
                    Map<String, Map<String, NDArray>> slots = new LinkedHashMap<>();
                    if (version == VELOCITIES_ONLY) {
                        slots.put(MomentumSgd.VELOCITY, byId(readArrays(in, scratch), ids));
                    } else {
                        String settings = in.readUTF();
                        float rate = in.readFloat();
                        if (!settings.equals(optimizer.settings().describe())) {
                            throw new IllegalStateException("checkpoint " + file + " was written with optimizer '"
                                    + name + "' " + settings + ", this run has "
                                    + optimizer.settings().describe());
                        }
                        optimizer.setLearningRate(rate);
                        int count = in.readInt();
                        for (int s = 0; s < count; s++) {
                            String slot = in.readUTF();
                            slots.put(slot, byId(readArrays(in, scratch), ids));
                        }
                    }
                    optimizer.loadSlots(slots, manager);
                }
                List<TrainingHook> hooks = learner.recipe().hooks();
                int saved = in.readInt();
                if (saved != hooks.size()) {
                    throw new IllegalStateException("checkpoint " + file + " was written by a recipe with " + saved
                            + " parts, this one has " + hooks.size());
                }
                for (TrainingHook hook : hooks) {
                    Map<String, NDArray> state = readArrays(in, scratch);
                    if (!state.isEmpty()) {
                        hook.loadState(learner, state);
                    }
                }
            }
            learner.restoreProgress(epochs, steps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    private static Map<String, NDArray> byId(Map<String, NDArray> byName, Map<String, String> ids) {
        Map<String, NDArray> byId = new LinkedHashMap<>();
        byName.forEach((key, v) -> byId.put(ids.get(key), v));
        return byId;
    }

    /** The file, read past its magic number; the version is the next int (peeked, then re-read). */
    private static DataInputStream open(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        in.mark(8);
        int version = in.readInt() == MAGIC ? in.readInt() : -1;
        if (version != VERSION && version != VELOCITIES_ONLY) {
            in.close();
            throw new IOException(
                    file + " is not a gentrain checkpoint of version " + VELOCITIES_ONLY + " or " + VERSION);
        }
        in.reset();
        in.readInt();
        return in;
    }

    private static void writeArrays(DataOutputStream out, Map<String, NDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
            out.writeUTF(entry.getKey());
            byte[] bytes = entry.getValue().encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static Map<String, NDArray> readArrays(DataInputStream in, NDManager manager) throws IOException {
        int count = in.readInt();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            arrays.put(key, manager.decode(bytes));
        }
        return arrays;
    }
}
