package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** An augmentation with its own {@link RandomSource}, and the checks every image batch needs. */
abstract class SeededAugmentation implements Augmentation {

    /** This augmentation's random source. */
    protected final RandomSource random;

    SeededAugmentation(long seed) {
        this.random = new RandomSource(seed);
    }

    @Override
    public void reseed(long seed) {
        random.reseed(seed);
    }

    /** Requires {@code [N, C, H, W]}. */
    static void requireImages(NDArray images) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException("images must be [N, C, H, W], was " + images.getShape());
        }
    }

    /** Integers as an int64 array of the given shape on the images' device. */
    static NDArray ints(NDManager manager, int[] values, Shape shape) {
        return manager.create(values, shape).toType(DataType.INT64, false);
    }

    /** {@code 0, 1, .., n - 1} as int64, reshaped to {@code shape}. */
    static NDArray arange(NDManager manager, int n, Shape shape) {
        return manager.arange(0, n, 1, DataType.INT64).reshape(shape);
    }

    /**
     * The mask {@code [N, 1, H, W]} of the boxes {@code [y0, y1) x [x0, x1)}, one per example, by
     * comparing row and column indices with the box edges (broadcast, no loop).
     */
    static NDArray boxMask(NDManager manager, int[] y0, int[] y1, int[] x0, int[] x1, long h, long w) {
        int n = y0.length;
        Shape column = new Shape(n, 1, 1, 1);
        NDArray rows = arange(manager, (int) h, new Shape(1, 1, h, 1));
        NDArray cols = arange(manager, (int) w, new Shape(1, 1, 1, w));
        NDArray inRows = rows.gte(ints(manager, y0, column)).logicalAnd(rows.lt(ints(manager, y1, column)));
        NDArray inCols = cols.gte(ints(manager, x0, column)).logicalAnd(cols.lt(ints(manager, x1, column)));
        return inRows.logicalAnd(inCols);
    }
}
