package org.gentrain.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.gentrain.data.FashionMnist;
import org.gentrain.data.TrainTestSplit;
import picocli.CommandLine.Option;

/** Where the data comes from and how much of it to use. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "PATH",
            description = "Folder with the four Fashion-MNIST IDX files. Default: $GENTRAIN_DATA/fashion-mnist, "
                    + "then /usr/share/datasets/fashion-mnist, then the subset embedded in the jar.")
    Path data;

    @Option(names = "--embedded", description = "Use the embedded default subset even where the full data set is installed.")
    boolean embedded;

    @Option(names = "--train-size", paramLabel = "N", description = "Use a class-balanced subset of N training images.")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Use a class-balanced subset of N test images.")
    Integer testSize;

    /** Checks the options; throws IllegalArgumentException naming the bad one. */
    void validate() {
        if (trainSize != null && trainSize < 1) {
            throw new IllegalArgumentException("--train-size must be >= 1, was " + trainSize);
        }
        if (testSize != null && testSize < 1) {
            throw new IllegalArgumentException("--test-size must be >= 1, was " + testSize);
        }
        if (data != null && embedded) {
            throw new IllegalArgumentException("--data and --embedded exclude each other");
        }
        if (data != null && !java.nio.file.Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data: no such folder: " + data);
        }
    }

    /** Loads the data, cut to the requested sizes. */
    TrainTestSplit load(long seed) {
        TrainTestSplit split = embedded ? FashionMnist.loadEmbedded() : FashionMnist.load(Optional.ofNullable(data));
        int train = trainSize == null ? split.train().size() : trainSize;
        int test = testSize == null ? split.test().size() : testSize;
        return split.limit(train, test, seed);
    }
}
