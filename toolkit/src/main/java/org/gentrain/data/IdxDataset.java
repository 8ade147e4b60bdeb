package org.gentrain.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A data set in the four-file MNIST layout ({@code train-images-idx3-ubyte.gz}, {@code
 * train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz};
 * each may also be present uncompressed, without {@code .gz}), found in the order of {@link
 * DataSources}: a folder the user gives, {@code $GENTRAIN_DATA/<name>}, the system packages'
 * folders, and a subset embedded in the jar where the data set has one.
 */
public final class IdxDataset {

    /** The four file names, gzip-compressed. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** The environment variable naming gentrain's data folder. */
    public static final String DATA_ENV = DataSources.DATA_ENV;

    private static final String EMBEDDED = "embedded default subset";

    private final String name;
    private final String displayName;
    private final Normalization normalization;
    private final String embeddedResource;
    private final DataSources sources;

    /**
     * A data set description.
     *
     * @param name the folder name under {@code $GENTRAIN_DATA}, such as {@code fashion-mnist}
     * @param displayName the name in messages, such as {@code Fashion-MNIST}
     * @param normalization the pixel normalisation
     * @param embeddedResource the class-path folder of an embedded subset, or {@code null}
     * @param sources where to look for the data set
     */
    public IdxDataset(
            String name,
            String displayName,
            Normalization normalization,
            String embeddedResource,
            DataSources sources) {
        this.name = name;
        this.displayName = displayName;
        this.normalization = normalization;
        this.embeddedResource = embeddedResource;
        this.sources = sources;
    }

    /** The name in messages, such as {@code Fashion-MNIST}. */
    public String displayName() {
        return displayName;
    }

    /** Whether the jar holds a subset of this data set. */
    public boolean hasEmbedded() {
        return embeddedResource != null;
    }

    /**
     * Loads the data set from the first source that has it.
     *
     * @param userFolder a folder the user gave, if any
     * @throws DataFormatException if the user's folder lacks a file, no source has the data, or a
     *     file is corrupt
     */
    public TrainTestSplit load(Optional<Path> userFolder) {
        DataSources.Source source = sources.locate(name, displayName, IdxDataset::missing, userFolder, hasEmbedded());
        if (source.kind() == DataSources.Kind.EMBEDDED) {
            return loadEmbedded(source.description().substring(EMBEDDED.length()));
        }
        return fromFolder(source.folder(), source.description());
    }

    /** The subset embedded in the jar. */
    public TrainTestSplit loadEmbedded() {
        return loadEmbedded("");
    }

    private TrainTestSplit loadEmbedded(String note) {
        if (embeddedResource == null) {
            throw new DataFormatException(displayName, "has no embedded subset");
        }
        byte[][] files = new byte[4][];
        for (int i = 0; i < 4; i++) {
            String resource = embeddedResource + "/" + FILES.get(i);
            try (InputStream in = IdxDataset.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new DataFormatException(
                            resource, "missing from the class path (is the toolkit jar complete?)");
                }
                files[i] = IdxReader.decompress(resource, in.readAllBytes());
            } catch (IOException e) {
                throw new DataFormatException(resource, "cannot be read (" + e.getMessage() + ")", e);
            }
        }
        ImageSet train = IdxReader.read(FILES.get(0), files[0], FILES.get(1), files[1], 10, normalization, "embedded");
        ImageSet test = IdxReader.read(FILES.get(2), files[2], FILES.get(3), files[3], 10, normalization, "embedded");
        String source = EMBEDDED + " (" + train.size() + " train / " + test.size() + " test)" + note;
        return new TrainTestSplit(relabel(train, source), relabel(test, source), source);
    }

    private TrainTestSplit fromFolder(Path folder, String source) {
        ImageSet train =
                IdxReader.read(file(folder, FILES.get(0)), file(folder, FILES.get(1)), 10, normalization, source);
        ImageSet test =
                IdxReader.read(file(folder, FILES.get(2)), file(folder, FILES.get(3)), 10, normalization, source);
        return new TrainTestSplit(train, test, source);
    }

    private static ImageSet relabel(ImageSet set, String source) {
        int[] all = new int[set.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return set.select(all, source);
    }

    /** The files of {@link #FILES} that {@code folder} lacks, both gzip-compressed and plain. */
    public static List<String> missing(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String file : FILES) {
            if (!Files.isRegularFile(file(folder, file))) {
                missing.add(file);
            }
        }
        return missing;
    }

    /** {@code folder/name.gz}, or the plain {@code folder/name} where only that exists. */
    private static Path file(Path folder, String gzName) {
        Path gz = folder.resolve(gzName);
        Path plain = folder.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
        return !Files.isRegularFile(gz) && Files.isRegularFile(plain) ? plain : gz;
    }
}
