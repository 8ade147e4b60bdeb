package org.gentrain.bench;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.gentrain.data.ImageSet;

/**
 * Images of standard normal noise with uniform labels, for timing a model on input of a shape no
 * data set here has (such as CIFAR's 3 x 32 x 32): a step's cost does not depend on the values.
 */
public final class RandomImages {

    private RandomImages() {}

    /**
     * {@code n} seeded images of {@code shape} ({@code C x H x W}) in {@code classes} classes.
     *
     * @throws IllegalArgumentException for a shape that is not {@code C x H x W} or a count below 1
     */
    public static ImageSet of(Shape shape, int classes, int n, long seed) {
        if (shape.dimension() != 3 || shape.size() < 1) {
            throw new IllegalArgumentException("shape must be C x H x W, was " + shape);
        }
        if (n < 1 || classes < 1) {
            throw new IllegalArgumentException("n and classes must be >= 1, were " + n + " and " + classes);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int per = Math.toIntExact(shape.size());
        float[] pixels = new float[Math.multiplyExact(n, per)];
        int[] labels = new int[n];
        for (int i = 0; i < pixels.length; i += 2) {
            // Box-Muller: two normals from two uniforms.
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            pixels[i] = (float) (radius * Math.cos(angle));
            if (i + 1 < pixels.length) {
                pixels[i + 1] = (float) (radius * Math.sin(angle));
            }
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new ImageSet(
                pixels,
                labels,
                (int) shape.get(0),
                (int) shape.get(1),
                (int) shape.get(2),
                classes,
                "random normal images " + shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2));
    }
}
