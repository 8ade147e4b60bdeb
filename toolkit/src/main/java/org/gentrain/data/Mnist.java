package org.gentrain.data;

import java.nio.file.Path;
import java.util.Optional;

/**
 * MNIST (LeCun, Bottou, Bengio and Haffner, 1998): 60,000 training and 10,000 test images of 28 x 28
 * handwritten digits, in the same four IDX files as Fashion-MNIST, normalised with the training
 * set's mean 0.1307 and standard deviation 0.3081 ({@link Normalization#MNIST}). Found in a given
 * folder or {@code $GENTRAIN_DATA/mnist} (filled by {@code data-scripts/mnist.sh}); there is no
 * embedded subset and no Debian package.
 */
public final class Mnist {

    private Mnist() {}

    /** The data set as found from the given sources. */
    public static IdxDataset dataset(DataSources sources) {
        return new IdxDataset("mnist", "MNIST", Normalization.MNIST, null, sources);
    }

    /** Loads from the given folder, or else the first source that has the data. */
    public static TrainTestSplit load(Optional<Path> folder) {
        return dataset(DataSources.fromEnvironment()).load(folder);
    }
}
