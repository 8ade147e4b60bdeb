package org.gentrain.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The data sets gentrain can load by name, each found in the order of {@link DataSources}. */
public enum KnownDataset {
    /** Fashion-MNIST, 1 x 28 x 28; has an embedded subset and a Debian package. */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST"),
    /** MNIST, 1 x 28 x 28. */
    MNIST("mnist", "MNIST"),
    /** CIFAR-10 (binary version), 3 x 32 x 32. */
    CIFAR10("cifar10", "CIFAR-10"),
    /** CIFAR-100 (binary version), 3 x 32 x 32, trained on its 100 fine classes. */
    CIFAR100("cifar100", "CIFAR-100");

    private final String cliName;
    private final String displayName;

    KnownDataset(String cliName, String displayName) {
        this.cliName = cliName;
        this.displayName = displayName;
    }

    /** The name on the command line and the folder under {@code $GENTRAIN_DATA}, such as {@code cifar10}. */
    public String cliName() {
        return cliName;
    }

    /** The name in messages, such as {@code CIFAR-10}. */
    public String displayName() {
        return displayName;
    }

    /** The data set called {@code name} on the command line. */
    public static KnownDataset named(String name) {
        for (KnownDataset dataset : values()) {
            if (dataset.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return dataset;
            }
        }
        throw new IllegalArgumentException("--dataset must be one of " + names() + "; was '" + name + "'");
    }

    /** All names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(KnownDataset::cliName).collect(Collectors.joining(", "));
    }

    /** Whether the jar holds a subset of this data set. */
    public boolean hasEmbedded() {
        return this == FASHION_MNIST;
    }

    /** The required files that {@code folder} lacks. */
    public List<String> missing(Path folder) {
        switch (this) {
            case CIFAR10:
                return Cifar10.missing(folder);
            case CIFAR100:
                return Cifar100.missing(folder);
            default:
                return IdxDataset.missing(folder);
        }
    }

    /**
     * The pixel normalisation, one entry per channel: the training set's channel means and
     * standard deviations of pixels scaled to {@code [0, 1]}.
     */
    public List<Normalization> normalization() {
        switch (this) {
            case FASHION_MNIST:
                return List.of(Normalization.FASHION_MNIST);
            case MNIST:
                return List.of(Normalization.MNIST);
            case CIFAR10:
                return Cifar10.NORMALIZATION;
            default:
                return Cifar100.NORMALIZATION;
        }
    }

    /**
     * The source {@link #load} would read, without reading it.
     *
     * @throws DataFormatException if the folder lacks a file, or no source has the data set
     */
    public DataSources.Source locate(Optional<Path> folder, DataSources sources) {
        return sources.locate(cliName, displayName, this::missing, folder, hasEmbedded());
    }

    /** Loads from the given folder, or else the first of {@code sources} that has the data. */
    public TrainTestSplit load(Optional<Path> folder, DataSources sources) {
        switch (this) {
            case FASHION_MNIST:
                return FashionMnist.dataset(sources).load(folder);
            case MNIST:
                return Mnist.dataset(sources).load(folder);
            case CIFAR100:
                return new Cifar100(sources).loadFrom(folder).fine();
            default:
                return new Cifar10(sources).loadFrom(folder);
        }
    }

    /** The embedded subset; only Fashion-MNIST has one. */
    public TrainTestSplit loadEmbedded() {
        if (!hasEmbedded()) {
            throw new DataFormatException(displayName, "has no embedded subset");
        }
        return FashionMnist.loadEmbedded();
    }
}
