package org.gentrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The pixel normalisation of one channel of a data set: pixels are scaled to {@code [0, 1]}, then
 * {@code (x - mean) / std}, with the channel's mean and standard deviation over all pixels of the
 * training set. Every data set's normalisation is a list with one entry per channel ({@link
 * KnownDataset#normalization()}): Fashion-MNIST and MNIST have one channel, CIFAR-10 ({@link
 * Cifar10#NORMALIZATION}) and CIFAR-100 ({@link Cifar100#NORMALIZATION}) three.
 *
 * @param mean the mean of the scaled pixels of the training set
 * @param std their standard deviation, {@code > 0}
 */
public record Normalization(float mean, float std) {

    /** Fashion-MNIST, as in the benchmark protocol: mean 0.2860, std 0.3530. */
    public static final Normalization FASHION_MNIST = new Normalization(0.2860f, 0.3530f);

    /** MNIST: mean 0.1307, std 0.3081. */
    public static final Normalization MNIST = new Normalization(0.1307f, 0.3081f);

    /** Checks that {@code std > 0}. */
    public Normalization {
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be > 0, was " + std);
        }
    }

    /** One normalisation per channel, from the channels' means and standard deviations. */
    public static List<Normalization> perChannel(float[] means, float[] stds) {
        if (means.length != stds.length) {
            throw new IllegalArgumentException(
                    "means and stds must have one entry per channel, were " + means.length + " and " + stds.length);
        }
        List<Normalization> channels = new ArrayList<>();
        for (int c = 0; c < means.length; c++) {
            channels.add(new Normalization(means[c], stds[c]));
        }
        return List.copyOf(channels);
    }

    /** The normalised value of a raw byte pixel in {@code [0, 255]}. */
    public float apply(int pixel) {
        return (pixel / 255f - mean) / std;
    }
}
