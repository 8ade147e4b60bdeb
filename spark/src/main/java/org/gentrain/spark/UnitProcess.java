package org.gentrain.spark;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.gentrain.ablation.AblationSpec;
import org.gentrain.ablation.AblationUnit;
import org.gentrain.ablation.UnitOutcome;

/**
 * The process that trains one unit for a Spark task. DJL's PyTorch engine trains one model at a
 * time per JVM (one gradient collector per process) and has one random generator and one thread
 * setting per process, so each task trains in a JVM of its own: {@code java ... UnitProcess IN
 * OUT} reads the plan and the unit from IN, trains it with {@link AblationSpec#runUnit} (the
 * single-machine runner's code path, progress on stderr) and writes the {@link UnitOutcome} to OUT.
 */
public final class UnitProcess {

    /** System property: the GPU index the task was assigned, if any. */
    static final String GPU = "gentrain.spark.gpu";

    /**
     * Test hook: the epoch after whose checkpoint this process fails (set by the task only for the
     * first attempt of the unit named by {@link UnitTask#FAIL_FIRST_ATTEMPT}).
     */
    static final String FAIL_AFTER_EPOCH = "gentrain.spark.test.failAfterEpoch";

    private UnitProcess() {}

    /** Trains the unit in {@code args[0]} and writes its outcome to {@code args[1]}; exit code 1 on failure. */
    public static void main(String[] args) throws IOException, ClassNotFoundException {
        AblationSpec spec;
        AblationUnit unit;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(args[0])))) {
            spec = (AblationSpec) in.readObject();
            unit = (AblationUnit) in.readObject();
        }
        String gpu = System.getProperty(GPU);
        Device device = gpu == null ? null : Device.gpu(Integer.parseInt(gpu));
        UnitOutcome outcome;
        try {
            outcome = spec.runUnit(unit, device, System.err, injectedFailure(unit));
        } catch (RuntimeException e) {
            System.err.println("gentrain unit " + unit + " failed: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        write(outcome, Files.newOutputStream(Path.of(args[1])));
        System.exit(0);
    }

    static void write(Object value, OutputStream stream) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(stream)) {
            out.writeObject(value);
        }
    }

    static Object read(InputStream stream) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(stream)) {
            return in.readObject();
        }
    }

    private static IntConsumer injectedFailure(AblationUnit unit) {
        String epoch = System.getProperty(FAIL_AFTER_EPOCH);
        if (epoch == null) {
            return e -> {};
        }
        int target = Integer.parseInt(epoch);
        return e -> {
            if (e == target) {
                throw new IllegalStateException("injected failure of " + unit + " after epoch " + e);
            }
        };
    }
}
