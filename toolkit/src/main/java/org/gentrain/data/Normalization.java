package org.gentrain.data;

/**
 * Per-data-set pixel normalisation: pixels are scaled to {@code [0, 1]}, then {@code (x - mean) /
 * std}.
 *
 * @param mean the mean of the scaled pixels of the training set
 * @param std their standard deviation
 */
public record Normalization(float mean, float std) {

    /** Fashion-MNIST, as in the benchmark protocol: mean 0.2860, std 0.3530. */
    public static final Normalization FASHION_MNIST = new Normalization(0.2860f, 0.3530f);

    /** MNIST: mean 0.1307, std 0.3081. */
    public static final Normalization MNIST = new Normalization(0.1307f, 0.3081f);

    /** The normalised value of a raw byte pixel in {@code [0, 255]}. */
    public float apply(int pixel) {
        return (pixel / 255f - mean) / std;
    }
}
