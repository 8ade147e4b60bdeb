package org.gentrain.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * An {@link ImageSet} copied once to a device, from which batches are gathered there: the
 * training loop's and the evaluation's data. A raw set stays as {@code uint8} on the device (a
 * quarter of the memory of float32) with one 256-entry table per channel, and each gathered batch
 * is normalised by looking its bytes up in the tables, which hold exactly the floats of {@link
 * Normalization#apply}: the batch is bit for bit the one a float copy of the set would give.
 * Closing it frees the device memory.
 */
public final class DeviceImages implements AutoCloseable {

    private static final long CHUNK = 1024;

    private final NDManager manager;
    private final NDArray images;
    private final NDArray labels;
    private final NDArray table;
    private final NDArray channelOffsets;

    DeviceImages(ImageSet set, NDManager parent) {
        manager = parent.newSubManager();
        Shape shape = new Shape(set.size()).addAll(set.imageShape());
        labels = set.labelsArray(manager);
        if (set.isRaw()) {
            images = NativeCopy.bytes(manager, set.rawPixels(), shape);
            float[][] lookup = set.lookupTables();
            int channels = lookup.length;
            float[] flat = new float[channels * 256];
            long[] offsets = new long[channels];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(lookup[c], 0, flat, c * 256, 256);
                offsets[c] = c * 256L;
            }
            table = NativeCopy.floats(manager, flat, new Shape(channels * 256L));
            channelOffsets =
                    manager.create(offsets, new Shape(1, channels, 1, 1)).toDevice(manager.getDevice(), false);
        } else {
            images = NativeCopy.floats(manager, set.floatPixels(), shape);
            table = null;
            channelOffsets = null;
        }
    }

    /** The normalised float32 images of the given rows, {@code [rows, channels, height, width]}, in the current scope. */
    public NDArray images(NDIndex rows) {
        NDArray gathered = images.get(rows);
        if (table == null) {
            return gathered;
        }
        try (NDArray index = gathered.toType(DataType.INT64, false).addi(channelOffsets)) {
            gathered.close();
            return table.take(index);
        }
    }

    /**
     * All images, normalised, as one float32 array owned by {@code target}: converted a chunk at a
     * time, so that a raw set never holds more than one chunk's int64 indices besides the result.
     */
    NDArray all(NDManager target) {
        if (table == null) {
            NDArray copy = images.duplicate();
            copy.attach(target);
            return copy;
        }
        long count = images.getShape().get(0);
        NDArray all = target.zeros(images.getShape(), DataType.FLOAT32, images.getDevice());
        for (long from = 0; from < count; from += CHUNK) {
            NDIndex rows = new NDIndex("{}:{}", from, Math.min(count, from + CHUNK));
            try (NDArray part = images(rows)) {
                all.set(rows, part);
            }
        }
        return all;
    }

    /** The int64 labels of the given rows. */
    public NDArray labels(NDIndex rows) {
        return labels.get(rows);
    }

    @Override
    public void close() {
        manager.close();
    }
}
