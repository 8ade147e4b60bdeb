package org.gentrain.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the binary version of CIFAR-10 (Krizhevsky, 2009): each file is a sequence of 3,073-byte
 * records, one label byte in {@code [0, 10)} then 3,072 pixel bytes, the 1,024 red values of the 32
 * x 32 image in row-major order, then the 1,024 green, then the 1,024 blue (so already in CHW
 * layout). A file may be gzip-compressed.
 *
 * <p>Every fault is reported as a {@link DataFormatException} that names the file: a missing or
 * empty file, a length that is not a whole number of records (a truncated file), a label outside
 * the classes.
 */
public final class Cifar10Reader {

    /** Channels, height and width of one image. */
    public static final int CHANNELS = 3, SIZE = 32;

    /** Pixel bytes per image: 3 x 32 x 32. */
    public static final int PIXELS = CHANNELS * SIZE * SIZE;

    /** Bytes per record: one label byte and the pixels. */
    public static final int RECORD = 1 + PIXELS;

    private Cifar10Reader() {}

    /**
     * Reads the records of all {@code files}, in order, into one set.
     *
     * @param files the batch files, such as {@code data_batch_1.bin} to {@code data_batch_5.bin}
     * @param classes the number of classes; labels must be in {@code [0, classes)}
     * @param perChannel the normalisation of the red, green and blue channels
     * @param source the description the set carries
     */
    public static ImageSet read(List<Path> files, int classes, List<Normalization> perChannel, String source) {
        if (perChannel.size() != CHANNELS) {
            throw new IllegalArgumentException("perChannel must hold 3 normalisations, was " + perChannel.size());
        }
        byte[][] contents = new byte[files.size()][];
        int count = 0;
        for (int f = 0; f < files.size(); f++) {
            contents[f] = IdxReader.bytes(files.get(f));
            count = Math.addExact(count, records(files.get(f).toString(), contents[f]));
        }
        float[][] lookup = new float[CHANNELS][256];
        for (int c = 0; c < CHANNELS; c++) {
            for (int v = 0; v < 256; v++) {
                lookup[c][v] = perChannel.get(c).apply(v);
            }
        }
        float[] pixels = new float[Math.multiplyExact(count, PIXELS)];
        int[] labels = new int[count];
        int image = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents[f];
            for (int r = 0; r < bytes.length / RECORD; r++, image++) {
                int offset = r * RECORD;
                int label = bytes[offset] & 0xff;
                if (label >= classes) {
                    throw new DataFormatException(files.get(f).toString(), "label " + label + " of record " + r
                            + " is outside [0, " + classes + ")");
                }
                labels[image] = label;
                int out = image * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    pixels[out + p] = lookup[p / (SIZE * SIZE)][bytes[offset + 1 + p] & 0xff];
                }
            }
        }
        return new ImageSet(pixels, labels, CHANNELS, SIZE, SIZE, classes, source);
    }

    private static int records(String file, byte[] bytes) {
        if (bytes.length == 0) {
            throw new DataFormatException(file, "empty: no " + RECORD + "-byte records");
        }
        if (bytes.length % RECORD != 0) {
            throw new DataFormatException(file, "truncated or not CIFAR-10 binary: " + bytes.length
                    + " bytes is not a whole number of " + RECORD + "-byte records (" + bytes.length / RECORD
                    + " records and " + bytes.length % RECORD + " bytes left over)");
        }
        return bytes.length / RECORD;
    }
}
