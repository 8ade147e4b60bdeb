package org.gentrain.spark;

import java.util.SplittableRandom;
import org.gentrain.ablation.AblationSpec;
import org.gentrain.data.ImageSet;
import org.gentrain.data.TrainTestSplit;

/**
 * A small data set that a test makes itself and that can be sent to a Spark task: each class is a
 * bright square at its own place on a noisy background, 28 x 28, seeded.
 */
final class Squares {

    private Squares() {}

    /** 192 training and 100 test images in 10 classes, made wherever it is called. */
    static AblationSpec.DataSource split() {
        return () -> new TrainTestSplit(images(192, 1), images(100, 2), "synthetic squares");
    }

    static ImageSet images(int n, long seed) {
        int size = 28;
        int classes = 10;
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * size * size];
        int[] labels = new int[n];
        int cell = size / 4;
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            labels[i] = label;
            int row = label / 4 * cell;
            int col = label % 4 * cell;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean inside = y >= row && y < row + cell && x >= col && x < col + cell;
                    pixels[i * size * size + y * size + x] =
                            (float) ((inside ? 2.0 : 0.0) + 0.3 * random.nextGaussian());
                }
            }
        }
        return new ImageSet(pixels, labels, 1, size, size, classes, "synthetic squares");
    }
}
