package org.gentrain.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the binary version of CIFAR-100 (Krizhevsky, 2009): each file ({@code train.bin}, {@code
 * test.bin}) is a sequence of 3,074-byte records, the coarse label byte in {@code [0, 20)}, the
 * fine label byte in {@code [0, 100)}, then the 3,072 pixel bytes in the CIFAR-10 layout (see
 * {@link CifarBinaryReader}).
 *
 * <p>Every fault is a {@link DataFormatException} naming the file: missing or empty, truncated
 * (not a whole number of records), a label outside its classes, or a fine class filed under two
 * coarse classes.
 */
public final class Cifar100Reader {

    /** Bytes per record: the coarse and the fine label byte and the pixels. */
    public static final int RECORD = 2 + CifarBinaryReader.PIXELS;

    /** The number of fine classes. */
    public static final int FINE_CLASSES = 100;

    /** The number of coarse classes (super-classes). */
    public static final int COARSE_CLASSES = 20;

    private Cifar100Reader() {}

    /**
     * Reads the records of all {@code files}, in order, into one set labelled with the fine
     * classes, keeping every example's coarse class beside it.
     *
     * @param files the files, such as {@code train.bin}
     * @param perChannel the normalisation of the red, green and blue channels
     * @param source the description the set carries
     * @throws DataFormatException naming the file, for any fault
     */
    public static Cifar100Set read(List<Path> files, List<Normalization> perChannel, String source) {
        if (perChannel.size() != CifarBinaryReader.CHANNELS) {
            throw new IllegalArgumentException("perChannel must hold 3 normalisations, was " + perChannel.size());
        }
        CifarBinaryReader.Records records =
                CifarBinaryReader.read(files, "CIFAR-100 binary", List.of("coarse label", "fine label"), new int[] {
                    COARSE_CLASSES, FINE_CLASSES
                });
        int[] coarse = records.labels()[0];
        int[] fine = records.labels()[1];
        String where = files.size() == 1 ? files.get(0).toString() : files.toString();
        int[] coarseOfFine = Cifar100Set.coarseOfFine(fine, coarse, where);
        ImageSet images = ImageSet.ofBytes(
                records.pixels(),
                fine,
                CifarBinaryReader.CHANNELS,
                CifarBinaryReader.SIZE,
                CifarBinaryReader.SIZE,
                FINE_CLASSES,
                perChannel,
                source);
        return new Cifar100Set(images, coarse, coarseOfFine);
    }
}
