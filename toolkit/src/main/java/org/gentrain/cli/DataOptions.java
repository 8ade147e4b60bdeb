package org.gentrain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gentrain.data.DataFormatException;
import org.gentrain.data.DataSources;
import org.gentrain.data.KnownDataset;
import org.gentrain.data.TrainTestSplit;
import picocli.CommandLine.Option;

/** Which data set, where it comes from, and how much of it to use. */
final class DataOptions {

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist",
            paramLabel = "fashion-mnist|mnist|cifar10|cifar100",
            description = "The data set. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(
            names = "--data",
            paramLabel = "PATH",
            description =
                    "Folder with the data set's files (the four IDX files, CIFAR-10's six .bin batches, or CIFAR-100's train.bin and test.bin). "
                            + "Default: $GENTRAIN_DATA/<dataset> ($GENTRAIN_DATA defaults to ~/.gentrain/data), "
                            + "then /usr/share/datasets/<dataset>, then (Fashion-MNIST only) the subset embedded in the jar.")
    Path data;

    @Option(
            names = "--embedded",
            description = "Use the embedded default subset even where the full data set is installed.")
    boolean embedded;

    @Option(names = "--train-size", paramLabel = "N", description = "Use a class-balanced subset of N training images.")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Use a class-balanced subset of N test images.")
    Integer testSize;

    /** The chosen data set. */
    KnownDataset dataset() {
        return KnownDataset.named(dataset);
    }

    /** Checks the options; throws IllegalArgumentException naming the bad one. */
    void validate() {
        KnownDataset known = dataset();
        if (trainSize != null && trainSize < 1) {
            throw new IllegalArgumentException("--train-size must be >= 1, was " + trainSize);
        }
        if (testSize != null && testSize < 1) {
            throw new IllegalArgumentException("--test-size must be >= 1, was " + testSize);
        }
        if (data != null && embedded) {
            throw new IllegalArgumentException("--data and --embedded exclude each other");
        }
        if (embedded && !known.hasEmbedded()) {
            throw new IllegalArgumentException(
                    "--embedded: " + known.displayName() + " has no embedded subset (only fashion-mnist has one)");
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data: no such folder: " + data);
        }
        if (data == null && !embedded) {
            try {
                known.locate(Optional.empty(), DataSources.fromEnvironment());
            } catch (DataFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (data != null) {
            List<String> missing = known.missing(data);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("--data: " + data + " is not a " + known.displayName()
                        + " folder: missing " + String.join(", ", missing));
            }
        }
    }

    /** Loads the data, cut to the requested sizes. */
    TrainTestSplit load(long seed) {
        KnownDataset known = dataset();
        TrainTestSplit split =
                embedded ? known.loadEmbedded() : known.load(Optional.ofNullable(data), DataSources.fromEnvironment());
        int train = trainSize == null ? split.train().size() : trainSize;
        int test = testSize == null ? split.test().size() : testSize;
        return split.limit(train, test, seed);
    }
}
