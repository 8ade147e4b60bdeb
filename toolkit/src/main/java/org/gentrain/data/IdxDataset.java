package org.gentrain.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data set in the four-file MNIST layout ({@code train-images-idx3-ubyte.gz}, {@code
 * train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz})
 * and where to find it, in this order:
 *
 * <ol>
 *   <li>a folder the user gives (an error if it lacks a file; never a silent fallback);
 *   <li>{@code $GENTRAIN_DATA/<name>};
 *   <li>the system folders, such as Debian's {@code /usr/share/datasets/fashion-mnist};
 *   <li>a subset embedded in the jar, where the data set has one.
 * </ol>
 *
 * <p>The environment and system folders are injectable, so tests can check the order.
 */
public final class IdxDataset {

    /** The four file names, gzip-compressed. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** The environment variable naming gentrain's data folder. */
    public static final String DATA_ENV = "GENTRAIN_DATA";

    private final String name;
    private final String displayName;
    private final Normalization normalization;
    private final String embeddedResource;
    private final Map<String, String> env;
    private final List<Path> systemFolders;

    /**
     * A data set description.
     *
     * @param name the folder name under {@code $GENTRAIN_DATA}, such as {@code fashion-mnist}
     * @param displayName the name in messages, such as {@code Fashion-MNIST}
     * @param normalization the pixel normalisation
     * @param embeddedResource the class-path folder of an embedded subset, or {@code null}
     * @param env the environment to read {@code GENTRAIN_DATA} from
     * @param systemFolders folders where a system package installs the data set
     */
    public IdxDataset(String name, String displayName, Normalization normalization, String embeddedResource,
            Map<String, String> env, List<Path> systemFolders) {
        this.name = name;
        this.displayName = displayName;
        this.normalization = normalization;
        this.embeddedResource = embeddedResource;
        this.env = Map.copyOf(env);
        this.systemFolders = List.copyOf(systemFolders);
    }

    /**
     * Loads the data set from the first source that has it.
     *
     * @param userFolder a folder the user gave, if any
     * @throws DataFormatException if the user's folder lacks a file, or no source has the data
     */
    public TrainTestSplit load(Optional<Path> userFolder) {
        if (userFolder.isPresent()) {
            Path folder = userFolder.get();
            List<String> missing = missing(folder);
            if (!missing.isEmpty()) {
                throw new DataFormatException(folder.toString(), "not a " + displayName + " folder: missing "
                        + String.join(", ", missing));
            }
            return fromFolder(folder, "folder " + folder);
        }
        List<String> looked = new ArrayList<>();
        String data = env.get(DATA_ENV);
        if (data != null && !data.isBlank()) {
            Path folder = Path.of(data).resolve(name);
            if (missing(folder).isEmpty()) {
                return fromFolder(folder, "$" + DATA_ENV + "/" + name + " (" + folder + ")");
            }
            looked.add(folder.toString());
        }
        for (Path folder : systemFolders) {
            if (missing(folder).isEmpty()) {
                return fromFolder(folder, "system package (" + folder + ")");
            }
            looked.add(folder.toString());
        }
        if (embeddedResource != null) {
            return loadEmbedded();
        }
        throw new DataFormatException(displayName, "not found; looked in " + looked
                + " (run data-scripts/" + name + ".sh, or give a folder with --data)");
    }

    /** The subset embedded in the jar. */
    public TrainTestSplit loadEmbedded() {
        if (embeddedResource == null) {
            throw new DataFormatException(displayName, "has no embedded subset");
        }
        byte[][] files = new byte[4][];
        for (int i = 0; i < 4; i++) {
            String resource = embeddedResource + "/" + FILES.get(i);
            try (InputStream in = IdxDataset.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new DataFormatException(resource, "missing from the class path (is the toolkit jar complete?)");
                }
                files[i] = IdxReader.decompress(resource, in.readAllBytes());
            } catch (IOException e) {
                throw new DataFormatException(resource, "cannot be read (" + e.getMessage() + ")", e);
            }
        }
        ImageSet train = IdxReader.read(FILES.get(0), files[0], FILES.get(1), files[1], 10, normalization, "embedded");
        ImageSet test = IdxReader.read(FILES.get(2), files[2], FILES.get(3), files[3], 10, normalization, "embedded");
        String source = "embedded default subset (" + train.size() + " train / " + test.size() + " test)";
        return new TrainTestSplit(relabel(train, source), relabel(test, source), source);
    }

    private TrainTestSplit fromFolder(Path folder, String source) {
        ImageSet train = IdxReader.read(folder.resolve(FILES.get(0)), folder.resolve(FILES.get(1)), 10, normalization,
                source);
        ImageSet test = IdxReader.read(folder.resolve(FILES.get(2)), folder.resolve(FILES.get(3)), 10, normalization,
                source);
        return new TrainTestSplit(train, test, source);
    }

    private static ImageSet relabel(ImageSet set, String source) {
        int[] all = new int[set.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return set.select(all, source);
    }

    private static List<String> missing(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String file : FILES) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(file);
            }
        }
        return missing;
    }
}
