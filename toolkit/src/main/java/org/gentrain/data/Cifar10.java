package org.gentrain.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CIFAR-10 (Krizhevsky, 2009), binary version: 50,000 training images in {@code data_batch_1.bin}
 * to {@code data_batch_5.bin} and 10,000 test images in {@code test_batch.bin}, 3 x 32 x 32, ten
 * classes. Found in a given folder or {@code $GENTRAIN_DATA/cifar10} (filled by {@code
 * data-scripts/cifar10.sh}); there is no embedded subset and no Debian package.
 *
 * <p>Each channel is scaled to {@code [0, 1]} and then normalised with the mean and standard
 * deviation of that channel over all pixels of the 50,000 training images: mean (0.4914, 0.4822,
 * 0.4465), standard deviation (0.2470, 0.2435, 0.2616) for red, green, blue. (The often-copied
 * standard deviations 0.2023, 0.1994, 0.2010 are the mean of per-image standard deviations, not the
 * channel's.)
 */
public final class Cifar10 {

    /** The training batches. */
    public static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");

    /** The test batch. */
    public static final String TEST_FILE = "test_batch.bin";

    /** Red, green and blue normalisation, from the training set's channel statistics. */
    public static final List<Normalization> NORMALIZATION =
            Normalization.perChannel(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    /** The ten class names, by label. */
    public static final List<String> CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private final DataSources sources;

    /** CIFAR-10 as found from the given sources. */
    public Cifar10(DataSources sources) {
        this.sources = sources;
    }

    /** Loads from the given folder, or else the first source that has the data. */
    public static TrainTestSplit load(Optional<Path> folder) {
        return new Cifar10(DataSources.fromEnvironment()).loadFrom(folder);
    }

    /**
     * Loads from the given folder, or else the first source that has the data.
     *
     * @throws DataFormatException if the folder lacks a file, no source has the data, or a file is
     *     corrupt
     */
    public TrainTestSplit loadFrom(Optional<Path> folder) {
        DataSources.Source source = sources.locate("cifar10", "CIFAR-10", Cifar10::missing, folder, false);
        List<Path> train = new ArrayList<>();
        for (String file : TRAIN_FILES) {
            train.add(source.folder().resolve(file));
        }
        return new TrainTestSplit(
                Cifar10Reader.read(train, 10, NORMALIZATION, source.description()),
                Cifar10Reader.read(
                        List.of(source.folder().resolve(TEST_FILE)), 10, NORMALIZATION, source.description()),
                source.description());
    }

    /** The six batch files that {@code folder} lacks. */
    public static List<String> missing(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String file : TRAIN_FILES) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(file);
            }
        }
        if (!Files.isRegularFile(folder.resolve(TEST_FILE))) {
            missing.add(TEST_FILE);
        }
        return missing;
    }
}
