package org.gentrain.data;

/**
 * A training set and a test set from one source.
 *
 * @param train the training images
 * @param test the test images
 * @param source where both came from, for the run's report
 */
public record TrainTestSplit(ImageSet train, ImageSet test, String source) {

    /** Both sets cut to at most {@code trainSize} and {@code testSize} images, class-balanced. */
    public TrainTestSplit limit(int trainSize, int testSize, long seed) {
        return new TrainTestSplit(
                train.balancedSubset(trainSize, seed), test.balancedSubset(testSize, seed + 1), source);
    }
}
