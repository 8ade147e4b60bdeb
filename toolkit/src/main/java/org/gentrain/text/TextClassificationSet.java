package org.gentrain.text;

import java.util.List;
import org.gentrain.data.ImageSet;

/**
 * Labelled token windows for text classification: {@code n} windows of {@code T} token indices
 * with a class each.
 *
 * @param windows {@code [n][T]} token indices
 * @param labels the class of each window
 * @param classNames the names of the classes
 * @param vocabulary the vocabulary of the indices
 * @param source where the windows come from
 */
public record TextClassificationSet(
        int[][] windows, int[] labels, List<String> classNames, Vocabulary vocabulary, String source) {

    /** The number of windows. */
    public int size() {
        return labels.length;
    }

    /** {@code T}. */
    public int windowLength() {
        return windows.length == 0 ? 0 : windows[0].length;
    }

    /** The fraction of windows in the most frequent class (the accuracy of always guessing it). */
    public double majorityFraction() {
        int[] counts = new int[classNames.size()];
        int largest = 0;
        for (int label : labels) {
            largest = Math.max(largest, ++counts[label]);
        }
        return (double) largest / labels.length;
    }

    /**
     * The windows as an {@link ImageSet} of shape {@code (1, 1, T)} holding the indices as floats, so
     * the image {@link org.gentrain.train.Learner} and its classification objectives can train an
     * {@link LstmTextClassifier} on them. Image augmentations (and so the image MaxUp) make no sense
     * on such "images".
     */
    public ImageSet toImageSet() {
        int t = windowLength();
        float[] values = new float[size() * t];
        for (int i = 0; i < size(); i++) {
            for (int j = 0; j < t; j++) {
                values[i * t + j] = windows[i][j];
            }
        }
        return new ImageSet(values, labels.clone(), 1, 1, t, classNames.size(), source);
    }
}
