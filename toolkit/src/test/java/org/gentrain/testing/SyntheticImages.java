package org.gentrain.testing;

import java.util.SplittableRandom;
import org.gentrain.data.ImageSet;

/**
 * Small labelled image sets made up for tests: each class is a bright square at its own position
 * on a noisy background, so a model can learn them in a few steps.
 */
public final class SyntheticImages {

    private SyntheticImages() {}

    /** {@code n} images of {@code 1 x size x size} in {@code classes} classes, seeded. */
    public static ImageSet squares(int n, int size, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * size * size];
        int[] labels = new int[n];
        int cell = Math.max(1, size / 4);
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            labels[i] = label;
            int row = (label / 4) % 4 * cell;
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
