package org.gentrain.ablation;

import java.io.PrintStream;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A runner that trains an ablation's units elsewhere than in this thread, such as on Apache Spark
 * (the {@code gentrain-spark} module, found on the class path with {@link ServiceLoader}). The
 * toolkit knows backends only through this interface, so that its jar carries none of them.
 */
public interface AblationBackend {

    /** The backend's name, as in the command-line option {@code --spark}: {@code spark}. */
    String name();

    /**
     * Checks the backend's settings and prepares this process before the engine starts (the
     * engine reads its thread counts once, at its start).
     *
     * @param master where to run, such as {@code local[2]}
     * @param taskThreads engine threads per unit, or null for the backend's default
     * @throws IllegalArgumentException naming a bad setting
     */
    void configure(String master, Integer taskThreads);

    /**
     * Runs every unit of {@code spec} and returns the same result that {@link Ablation#run()} would,
     * with the same files written to the output folder.
     *
     * @param progress where the backend reports what it does, or null
     */
    AblationResult run(AblationSpec spec, PrintStream progress);

    /** The backend of that name on the class path, if any. */
    static Optional<AblationBackend> find(String name) {
        for (AblationBackend backend : ServiceLoader.load(AblationBackend.class)) {
            if (backend.name().equals(name)) {
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }
}
