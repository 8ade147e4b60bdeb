package org.gentrain.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CIFAR-100 (Krizhevsky, 2009), binary version: 50,000 training images in {@code train.bin} and
 * 10,000 test images in {@code test.bin}, 3 x 32 x 32, each with a fine label (100 classes) and a
 * coarse label (20 super-classes of five fine classes each); the class names are in {@code
 * fine_label_names.txt} and {@code coarse_label_names.txt}. Found in a given folder or {@code
 * $GENTRAIN_DATA/cifar100} (filled by {@code data-scripts/cifar100.sh}), the same order as
 * CIFAR-10; there is no embedded subset and no Debian package.
 *
 * <p>Training uses the fine labels. Each channel is scaled to {@code [0, 1]} and normalised with
 * the mean and standard deviation of that channel over all pixels of the 50,000 training images:
 * mean (0.5071, 0.4865, 0.4409), standard deviation (0.2673, 0.2564, 0.2762) for red, green,
 * blue.
 */
public final class Cifar100 {

    /** The training file. */
    public static final String TRAIN_FILE = "train.bin";

    /** The test file. */
    public static final String TEST_FILE = "test.bin";

    /** The class-name files, one name a line, by label. */
    public static final String FINE_NAMES_FILE = "fine_label_names.txt", COARSE_NAMES_FILE = "coarse_label_names.txt";

    /** Red, green and blue normalisation, from the training set's channel statistics. */
    public static final List<Normalization> NORMALIZATION =
            Normalization.perChannel(new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});

    /**
     * Both sets with their coarse labels, and the fine-to-coarse mapping they agree on.
     *
     * @param train the training set
     * @param test the test set
     * @param source where both came from
     */
    public record Split(Cifar100Set train, Cifar100Set test, String source) {

        /** The fine-and-coarse-free view: the fine-labelled images, as every run consumes them. */
        public TrainTestSplit fine() {
            return new TrainTestSplit(train.images(), test.images(), source);
        }

        /**
         * {@code int[100]}: the coarse class of each fine class, from both sets' labels.
         *
         * @throws DataFormatException if the sets disagree on a class or a fine class appears in neither
         */
        public int[] coarseOfFine() {
            int[] mapping = Cifar100Set.agreed(train, test, source);
            for (int f = 0; f < mapping.length; f++) {
                if (mapping[f] == -1) {
                    throw new DataFormatException(source, "fine class " + f + " has no example");
                }
            }
            return mapping;
        }

        /** The two-level label tree of the data (fine class to coarse group), for HCOT. */
        public LabelGroups labelGroups() {
            return LabelGroups.ofCoarseLabels(coarseOfFine());
        }
    }

    private final DataSources sources;

    /** CIFAR-100 as found from the given sources. */
    public Cifar100(DataSources sources) {
        this.sources = sources;
    }

    /** Loads from the given folder, or else the first source that has the data. */
    public static Split load(Optional<Path> folder) {
        return new Cifar100(DataSources.fromEnvironment()).loadFrom(folder);
    }

    /**
     * Loads from the given folder, or else the first source that has the data, checking that the
     * two sets file every fine class under the same coarse class.
     *
     * @throws DataFormatException if the folder lacks a file, no source has the data, or a file is
     *     corrupt
     */
    public Split loadFrom(Optional<Path> folder) {
        DataSources.Source source = sources.locate("cifar100", "CIFAR-100", Cifar100::missing, folder, false);
        Split split = new Split(
                Cifar100Reader.read(List.of(source.folder().resolve(TRAIN_FILE)), NORMALIZATION, source.description()),
                Cifar100Reader.read(List.of(source.folder().resolve(TEST_FILE)), NORMALIZATION, source.description()),
                source.description());
        Cifar100Set.agreed(split.train(), split.test(), source.description());
        return split;
    }

    /** The two record files that {@code folder} lacks. */
    public static List<String> missing(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String file : List.of(TRAIN_FILE, TEST_FILE)) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(file);
            }
        }
        return missing;
    }

    /**
     * The class names in a file of one name a line ({@code fine_label_names.txt}: 100, {@code
     * coarse_label_names.txt}: 20), blank lines ignored.
     *
     * @throws DataFormatException if the file is missing or holds another number of names
     */
    public static List<String> labelNames(Path file, int expected) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot be read (" + e.getMessage() + ")", e);
        }
        if (names.size() != expected) {
            throw new DataFormatException(file.toString(), "holds " + names.size() + " class names, not " + expected);
        }
        return names;
    }
}
