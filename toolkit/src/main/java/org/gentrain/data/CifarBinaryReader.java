package org.gentrain.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The record layout shared by the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, 2009):
 * each file is a sequence of records of {@code L} label bytes followed by 3,072 pixel bytes, the
 * 1,024 red values of the 32 x 32 image in row-major order, then the 1,024 green, then the 1,024
 * blue (already CHW). CIFAR-10 has one label byte; CIFAR-100 two, the coarse (super-class) label
 * then the fine label. A file may be gzip-compressed.
 *
 * <p>Every fault is a {@link DataFormatException} that names the file: a missing or empty file, a
 * length that is not a whole number of records (a truncated file), a label outside its classes.
 */
final class CifarBinaryReader {

    /** Channels, height and width of one image. */
    static final int CHANNELS = 3, SIZE = 32;

    /** Pixel bytes per image: 3 x 32 x 32. */
    static final int PIXELS = CHANNELS * SIZE * SIZE;

    /**
     * The records of a set of files.
     *
     * @param pixels the raw pixel bytes of every record, in order, {@code count * 3072}
     * @param labels {@code labels[k][i]}: the {@code k}-th label byte of record {@code i}
     */
    record Records(byte[] pixels, int[][] labels) {
        int count() {
            return labels[0].length;
        }
    }

    private CifarBinaryReader() {}

    /**
     * Reads every record of {@code files}, in order.
     *
     * @param files the files
     * @param format the format's name in messages, such as {@code CIFAR-100 binary}
     * @param labelNames the label bytes' names in messages, such as {@code coarse label}
     * @param classes for each label byte, the number of its classes
     */
    static Records read(List<Path> files, String format, List<String> labelNames, int[] classes) {
        int labelBytes = classes.length;
        int record = labelBytes + PIXELS;
        byte[][] contents = new byte[files.size()][];
        int count = 0;
        for (int f = 0; f < files.size(); f++) {
            contents[f] = IdxReader.bytes(files.get(f));
            count = Math.addExact(count, records(files.get(f).toString(), contents[f], record, format));
        }
        byte[] pixels = new byte[Math.multiplyExact(count, PIXELS)];
        int[][] labels = new int[labelBytes][count];
        int image = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents[f];
            contents[f] = null;
            for (int r = 0; r < bytes.length / record; r++, image++) {
                int offset = r * record;
                for (int k = 0; k < labelBytes; k++) {
                    int label = bytes[offset + k] & 0xff;
                    if (label >= classes[k]) {
                        throw new DataFormatException(
                                files.get(f).toString(),
                                labelNames.get(k) + " " + label + " of record " + r + " is outside [0, " + classes[k]
                                        + ")");
                    }
                    labels[k][image] = label;
                }
                System.arraycopy(bytes, offset + labelBytes, pixels, image * PIXELS, PIXELS);
            }
        }
        return new Records(pixels, labels);
    }

    private static int records(String file, byte[] bytes, int record, String format) {
        if (bytes.length == 0) {
            throw new DataFormatException(file, "empty: no " + record + "-byte records");
        }
        if (bytes.length % record != 0) {
            throw new DataFormatException(
                    file,
                    "truncated or not " + format + ": " + bytes.length
                            + " bytes is not a whole number of " + record + "-byte records (" + bytes.length / record
                            + " records and " + bytes.length % record + " bytes left over)");
        }
        return bytes.length / record;
    }
}
