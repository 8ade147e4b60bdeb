package org.gentrain.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-format IDX files, gzip-compressed or plain (told apart by their content, not their
 * name): images (magic number 2051, unsigned bytes, {@code [count, rows, cols]}) and labels (magic
 * number 2049, {@code [count]}). A pair becomes an {@link ImageSet} of normalised pixels.
 *
 * <p>Every fault is reported as a {@link DataFormatException} that names the file: a missing
 * file, a wrong magic number, a file shorter than its header says, image and label counts that
 * differ, a label outside the classes.
 */
public final class IdxReader {

    /** The magic number of an IDX file of unsigned-byte images with three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** The magic number of an IDX file of unsigned-byte labels with one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * Reads an image file and its label file.
     *
     * @param images the images file
     * @param labels the labels file
     * @param classes the number of classes; labels must be in {@code [0, classes)}
     * @param normalization how to normalise the pixels
     * @param source the description the set carries
     */
    public static ImageSet read(Path images, Path labels, int classes, Normalization normalization, String source) {
        return read(images.toString(), bytes(images), labels.toString(), bytes(labels), classes, normalization, source);
    }

    /**
     * Reads images and labels from the (decompressed) content of IDX files, such as resources.
     *
     * @param images the images file's name, for messages
     * @param imageBytes its content
     * @param labels the labels file's name, for messages
     * @param labelBytes its content
     */
    public static ImageSet read(
            String images,
            byte[] imageBytes,
            String labels,
            byte[] labelBytes,
            int classes,
            Normalization normalization,
            String source) {
        int count = header(images, imageBytes, IMAGES_MAGIC, "images");
        int rows = readInt(imageBytes, 8);
        int cols = readInt(imageBytes, 12);
        long expected = 16L + (long) count * rows * cols;
        if (imageBytes.length < expected) {
            throw new DataFormatException(
                    images,
                    "truncated: the header promises " + count + " images of " + rows + " x " + cols + " (" + expected
                            + " bytes), the file has " + imageBytes.length + " bytes");
        }
        int labelCount = header(labels, labelBytes, LABELS_MAGIC, "labels");
        if (labelBytes.length < 8L + labelCount) {
            throw new DataFormatException(
                    labels,
                    "truncated: the header promises " + labelCount + " labels (" + (8L + labelCount)
                            + " bytes), the file has " + labelBytes.length + " bytes");
        }
        if (labelCount != count) {
            throw new DataFormatException(
                    labels, "holds " + labelCount + " labels but " + images + " holds " + count + " images");
        }
        int pixels = count * rows * cols;
        byte[] values = java.util.Arrays.copyOfRange(imageBytes, 16, 16 + pixels);
        int[] labelValues = new int[count];
        for (int i = 0; i < count; i++) {
            int label = labelBytes[8 + i] & 0xff;
            if (label >= classes) {
                throw new DataFormatException(
                        labels, "label " + label + " at index " + i + " is outside [0, " + classes + ")");
            }
            labelValues[i] = label;
        }
        return ImageSet.ofBytes(values, labelValues, 1, rows, cols, classes, List.of(normalization), source);
    }

    private static int header(String file, byte[] bytes, int magic, String kind) {
        int headerSize = magic == IMAGES_MAGIC ? 16 : 8;
        if (bytes.length < headerSize) {
            throw new DataFormatException(
                    file, "truncated: " + bytes.length + " bytes, shorter than the " + headerSize + "-byte IDX header");
        }
        int found = readInt(bytes, 0);
        if (found != magic) {
            throw new DataFormatException(
                    file, String.format("wrong magic number 0x%08x, expected 0x%08x (%s)", found, magic, kind));
        }
        int count = readInt(bytes, 4);
        if (count < 0) {
            throw new DataFormatException(file, "negative count " + count);
        }
        return count;
    }

    /** The file's content, decompressed if it is gzip. */
    static byte[] bytes(Path file) {
        try {
            return decompress(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file.toString(), "no such file", e);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** {@code raw} decompressed if it is gzip (by its magic bytes), else {@code raw} itself. */
    static byte[] decompress(String file, byte[] raw) {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24)
                | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }
}
