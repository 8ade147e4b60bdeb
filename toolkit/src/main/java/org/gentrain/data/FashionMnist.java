package org.gentrain.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test images of 28 x
 * 28 clothing items in ten classes, normalised as in the benchmark protocol. Found in a given
 * folder, {@code $GENTRAIN_DATA/fashion-mnist} (default {@code ~/.gentrain/data/fashion-mnist}),
 * Debian's package {@code dataset-fashion-mnist}, or the embedded default subset (6,000 training
 * and 1,000 test images, class-balanced), in that order (see {@link DataSources}).
 */
public final class FashionMnist {

    /** Where Debian's package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_FOLDER = DataSources.DEBIAN_ROOT.resolve("fashion-mnist");

    /** The class-path folder of the embedded default subset. */
    public static final String EMBEDDED_RESOURCE = "/org/gentrain/data/fashion-mnist-default";

    /** The ten class names, by label. */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** The data set as found from this process's environment. */
    public static IdxDataset dataset() {
        return dataset(DataSources.fromEnvironment());
    }

    /** The data set as found from the given sources. */
    public static IdxDataset dataset(DataSources sources) {
        return new IdxDataset(
                "fashion-mnist", "Fashion-MNIST", Normalization.FASHION_MNIST, EMBEDDED_RESOURCE, sources);
    }

    /** Loads from the given folder, or else the first source that has the data. */
    public static TrainTestSplit load(Optional<Path> folder) {
        return dataset().load(folder);
    }

    /** Loads the best available source. */
    public static TrainTestSplit load() {
        return load(Optional.empty());
    }

    /** Loads the embedded default subset, whatever else is installed. */
    public static TrainTestSplit loadEmbedded() {
        return dataset().loadEmbedded();
    }
}
