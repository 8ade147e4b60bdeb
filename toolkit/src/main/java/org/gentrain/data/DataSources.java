package org.gentrain.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where gentrain looks for a data set, in this order:
 *
 * <ol>
 *   <li>a folder the user gives (an error if it lacks a file; never a silent fallback);
 *   <li>{@code $GENTRAIN_DATA/<name>}, where {@code GENTRAIN_DATA} defaults to {@code
 *       ~/.gentrain/data}, the folder the {@code data-scripts/} fill;
 *   <li>{@code <root>/<name>} for each system root, such as Debian's {@code /usr/share/datasets}
 *       (package {@code dataset-fashion-mnist});
 *   <li>a subset embedded in the jar, where the data set has one.
 * </ol>
 *
 * <p>The environment, the home folder and the system roots are inputs, so that tests can check
 * the order with temporary folders. {@link #fromEnvironment()} gives the real ones.
 */
public final class DataSources {

    /** The environment variable naming gentrain's data folder. */
    public static final String DATA_ENV = "GENTRAIN_DATA";

    /** Where Debian's {@code dataset-*} packages install data sets, one folder per data set. */
    public static final Path DEBIAN_ROOT = Path.of("/usr/share/datasets");

    /** What a folder must hold to be a source: the names of the files it lacks (empty if none). */
    @FunctionalInterface
    public interface Layout {
        /** The required files that {@code folder} lacks, by name. */
        List<String> missing(Path folder);
    }

    /** The kinds of source, in the order they are tried. */
    public enum Kind {
        /** The folder the user gave. */
        GIVEN,
        /** {@code $GENTRAIN_DATA/<name>} (or {@code ~/.gentrain/data/<name>}). */
        DATA_FOLDER,
        /** A system package's folder. */
        SYSTEM_PACKAGE,
        /** The subset inside the jar. */
        EMBEDDED
    }

    /**
     * A source that was chosen.
     *
     * @param kind which of the four kinds it is
     * @param folder the folder, or {@code null} for the embedded subset
     * @param description what a run prints about it
     */
    public record Source(Kind kind, Path folder, String description) {}

    private final Map<String, String> env;
    private final Path home;
    private final List<Path> systemRoots;

    /**
     * Sources for the given environment.
     *
     * @param env the environment to read {@code GENTRAIN_DATA} from
     * @param home the user's home folder, for the default {@code ~/.gentrain/data}
     * @param systemRoots folders that hold system packages' data sets, one subfolder per data set
     */
    public DataSources(Map<String, String> env, Path home, List<Path> systemRoots) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.systemRoots = List.copyOf(systemRoots);
    }

    /** This process's environment, home folder, and Debian's root. */
    public static DataSources fromEnvironment() {
        return new DataSources(System.getenv(), Path.of(System.getProperty("user.home")), List.of(DEBIAN_ROOT));
    }

    /** {@code $GENTRAIN_DATA}, or {@code ~/.gentrain/data} where it is unset or blank. */
    public Path dataRoot() {
        String data = env.get(DATA_ENV);
        return data == null || data.isBlank() ? home.resolve(".gentrain").resolve("data") : Path.of(data);
    }

    /**
     * The first source that holds the data set.
     *
     * @param name the data set's folder name, such as {@code fashion-mnist}
     * @param displayName its name in messages, such as {@code Fashion-MNIST}
     * @param layout what a folder must hold
     * @param given a folder the user gave, if any
     * @param hasEmbedded whether an embedded subset is the last resort
     * @throws DataFormatException if the given folder lacks a file, or (without an embedded subset)
     *     no source has the data set
     */
    public Source locate(String name, String displayName, Layout layout, Optional<Path> given, boolean hasEmbedded) {
        if (given.isPresent()) {
            Path folder = given.get();
            List<String> missing = layout.missing(folder);
            if (!missing.isEmpty()) {
                throw new DataFormatException(
                        folder.toString(), "not a " + displayName + " folder: missing " + String.join(", ", missing));
            }
            return new Source(Kind.GIVEN, folder, "folder " + folder);
        }
        List<String> looked = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        Path dataFolder = dataRoot().resolve(name);
        String dataLabel =
                (env.containsKey(DATA_ENV) && !env.get(DATA_ENV).isBlank() ? "$" + DATA_ENV : "~/.gentrain/data") + "/"
                        + name;
        List<Path> candidates = new ArrayList<>();
        candidates.add(dataFolder);
        for (Path root : systemRoots) {
            candidates.add(root.resolve(name));
        }
        for (int i = 0; i < candidates.size(); i++) {
            Path folder = candidates.get(i);
            looked.add(folder.toString());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<String> missing = layout.missing(folder);
            if (missing.isEmpty()) {
                String description = i == 0 ? dataLabel + " (" + folder + ")" : "system package (" + folder + ")";
                return new Source(
                        i == 0 ? Kind.DATA_FOLDER : Kind.SYSTEM_PACKAGE, folder, description + ignored(incomplete));
            }
            incomplete.add(folder + " (missing " + String.join(", ", missing) + ")");
        }
        if (hasEmbedded) {
            return new Source(Kind.EMBEDDED, null, "embedded default subset" + ignored(incomplete));
        }
        throw new DataFormatException(
                displayName,
                "not found; looked in " + String.join(", ", looked) + " (run data-scripts/" + name
                        + ".sh, or give a folder with --data)");
    }

    private static String ignored(List<String> incomplete) {
        return incomplete.isEmpty() ? "" : "; ignored incomplete " + String.join(", ", incomplete);
    }
}
