package org.gentrain.data;

import java.util.Arrays;

/**
 * CIFAR-100 images labelled with their fine classes, with the coarse class (super-class) of every
 * example and the class-to-group mapping the data implies: each of the 100 fine classes belongs
 * to exactly one of the 20 coarse classes (five fine classes each in the official data), which a
 * hierarchical objective such as HCOT needs.
 *
 * @param images the images with their fine labels in {@code [0, 100)}
 * @param coarseLabels the coarse label of each image, in {@code [0, 20)}
 * @param coarseOfFineClasses {@code coarseOfFineClasses[f]}: the coarse class of fine class {@code
 *     f}, or -1 for a fine class absent from the set
 */
public record Cifar100Set(ImageSet images, int[] coarseLabels, int[] coarseOfFineClasses) {

    /** Checks the sizes. */
    public Cifar100Set {
        if (coarseLabels.length != images.size()) {
            throw new IllegalArgumentException(
                    "coarseLabels must hold one label per image (" + images.size() + "), was " + coarseLabels.length);
        }
        if (coarseOfFineClasses.length != Cifar100Reader.FINE_CLASSES) {
            throw new IllegalArgumentException(
                    "coarseOfFineClasses must hold 100 entries, was " + coarseOfFineClasses.length);
        }
    }

    /** A copy of the mapping from fine class to coarse class ({@code int[100]}; -1 where a fine class is absent). */
    public int[] coarseOfFine() {
        return coarseOfFineClasses.clone();
    }

    /** The coarse label of image {@code i}. */
    public int coarseLabel(int i) {
        return coarseLabels[i];
    }

    /**
     * The mapping from fine class to coarse class that the labels imply.
     *
     * @param where the file(s), for the message
     * @throws DataFormatException if a fine class appears under two coarse classes
     */
    static int[] coarseOfFine(int[] fine, int[] coarse, String where) {
        int[] mapping = new int[Cifar100Reader.FINE_CLASSES];
        Arrays.fill(mapping, -1);
        for (int i = 0; i < fine.length; i++) {
            int known = mapping[fine[i]];
            if (known == -1) {
                mapping[fine[i]] = coarse[i];
            } else if (known != coarse[i]) {
                throw new DataFormatException(
                        where,
                        "fine label " + fine[i] + " of record " + i + " has coarse label " + coarse[i]
                                + ", earlier records of that class have " + known);
            }
        }
        return mapping;
    }

    /**
     * The mapping both sets agree on, every fine class present in at least one.
     *
     * @throws DataFormatException if they file a fine class under different coarse classes
     */
    static int[] agreed(Cifar100Set train, Cifar100Set test, String where) {
        int[] mapping = train.coarseOfFine();
        int[] other = test.coarseOfFineClasses;
        for (int f = 0; f < mapping.length; f++) {
            if (mapping[f] == -1) {
                mapping[f] = other[f];
            } else if (other[f] != -1 && other[f] != mapping[f]) {
                throw new DataFormatException(
                        where,
                        "fine label " + f + " has coarse label " + mapping[f] + " in the training set and " + other[f]
                                + " in the test set");
            }
        }
        return mapping;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cifar100Set that
                && images == that.images
                && Arrays.equals(coarseLabels, that.coarseLabels)
                && Arrays.equals(coarseOfFineClasses, that.coarseOfFineClasses);
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(images) + Arrays.hashCode(coarseLabels);
    }

    @Override
    public String toString() {
        return images + " (with coarse labels)";
    }
}
