package org.gentrain.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the embedded default subset of Fashion-MNIST from the full data set: a class-balanced,
 * seeded choice of 6,000 training and 1,000 test images, written as gzip IDX files. Run by {@code
 * data-scripts/make-embedded-subset.sh}; the subset in the jar was made with seed 20261122.
 *
 * <p>Usage: {@code EmbeddedSubsetWriter SOURCE_FOLDER TARGET_FOLDER [SEED]}.
 */
public final class EmbeddedSubsetWriter {

    /** The seed the shipped subset was drawn with. */
    public static final long SEED = 20261122L;

    private EmbeddedSubsetWriter() {}

    /** Writes the subset. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: EmbeddedSubsetWriter SOURCE_FOLDER TARGET_FOLDER [SEED]");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;
        Files.createDirectories(target);
        write(source, target, "train", 6000, seed);
        write(source, target, "t10k", 1000, seed + 1);
    }

    private static void write(Path source, Path target, String prefix, int n, long seed) throws IOException {
        byte[] images = IdxReader.bytes(source.resolve(prefix + "-images-idx3-ubyte.gz"));
        byte[] labels = IdxReader.bytes(source.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int count = labels.length - 8;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            byClass.get(labels[8 + i] & 0xff).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> members : byClass) {
            shuffle(members, random);
            chosen.addAll(members.subList(0, n / 10));
        }
        shuffle(chosen, random);
        byte[] outImages = new byte[n * 784];
        byte[] outLabels = new byte[n];
        for (int j = 0; j < n; j++) {
            int i = chosen.get(j);
            System.arraycopy(images, 16 + i * 784, outImages, j * 784, 784);
            outLabels[j] = labels[8 + i];
        }
        IdxWriter.writeImages(target.resolve(prefix + "-images-idx3-ubyte.gz"), outImages, n, 28, 28);
        IdxWriter.writeLabels(target.resolve(prefix + "-labels-idx1-ubyte.gz"), outLabels);
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
