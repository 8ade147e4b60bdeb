package org.gentrain.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes MNIST-format IDX files (gzip-compressed), as {@link IdxReader} reads them. */
public final class IdxWriter {

    private IdxWriter() {}

    /** Writes {@code count} images of {@code rows x cols} unsigned bytes. */
    public static void writeImages(Path file, byte[] pixels, int count, int rows, int cols) throws IOException {
        if (pixels.length != count * rows * cols) {
            throw new IllegalArgumentException(
                    "pixels must hold " + count * rows * cols + " bytes, was " + pixels.length);
        }
        write(file, IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    /** Writes labels as unsigned bytes. */
    public static void writeLabels(Path file, byte[] labels) throws IOException {
        write(file, IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    private static void write(Path file, int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(magic);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            out.write(data);
        }
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(buffer.toByteArray());
        }
    }
}
