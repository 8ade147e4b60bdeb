package org.gentrain.robust;

import java.util.SplittableRandom;
import org.gentrain.data.ImageSet;
import org.gentrain.data.Normalization;

/** Small image sets whose pixels lie in [0, 1], stored normalised as gentrain's data sets are. */
final class PixelImages {

    static final Normalization NORMALIZATION = new Normalization(0.3f, 0.4f);

    private PixelImages() {}

    /**
     * {@code n} grey images of {@code size x size} in {@code classes} classes: a square of brightness
     * 0.8 at the class's position on a background uniform in [0, 0.3], some pixels exactly 0 and 1.
     */
    static ImageSet squares(int n, int size, int classes, long seed) {
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
                    double value = inside ? 0.8 : 0.3 * random.nextDouble();
                    if (y == 0 && x == size - 1) {
                        value = 0;
                    } else if (y == size - 1 && x == 0) {
                        value = 1;
                    }
                    pixels[i * size * size + y * size + x] = NORMALIZATION.apply((int) Math.round(value * 255));
                }
            }
        }
        return new ImageSet(pixels, labels, 1, size, size, classes, "pixel squares");
    }
}
