package org.gentrain.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the binary version of CIFAR-10 (Krizhevsky, 2009): each file is a sequence of 3,073-byte
 * records, one label byte in {@code [0, 10)} then 3,072 pixel bytes, the 1,024 red values of the 32
 * x 32 image in row-major order, then the 1,024 green, then the 1,024 blue (so already in CHW
 * layout). A file may be gzip-compressed. The layout is shared with CIFAR-100 ({@link
 * Cifar100Reader}); the set keeps the raw bytes and normalises them where they are used.
 *
 * <p>Every fault is reported as a {@link DataFormatException} that names the file: a missing or
 * empty file, a length that is not a whole number of records (a truncated file), a label outside
 * the classes.
 */
public final class Cifar10Reader {

    /** Channels, height and width of one image. */
    public static final int CHANNELS = CifarBinaryReader.CHANNELS, SIZE = CifarBinaryReader.SIZE;

    /** Pixel bytes per image: 3 x 32 x 32. */
    public static final int PIXELS = CifarBinaryReader.PIXELS;

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
        CifarBinaryReader.Records records =
                CifarBinaryReader.read(files, "CIFAR-10 binary", List.of("label"), new int[] {classes});
        return ImageSet.ofBytes(
                records.pixels(), records.labels()[0], CHANNELS, SIZE, SIZE, classes, perChannel, source);
    }
}
