package org.gentrain.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Labelled images held in memory in NCHW layout: the unit every data source of gentrain produces
 * and every training run consumes. Immutable.
 *
 * <p>A set holds either normalised float pixels ({@link #ImageSet(float[], int[], int, int, int,
 * int, String)}, as synthetic data does) or the raw bytes of an image file with their per-channel
 * {@link Normalization} ({@link #ofBytes}), a quarter of the memory: the data sets on disk are
 * kept that way, and normalised where they are used ({@link #image}, {@link #imagesArray}, and per
 * batch on the device in {@link DeviceImages}), through a 256-entry table per channel that holds
 * exactly the floats {@link Normalization#apply} gives.
 *
 * <p>It also says where it came from ({@link #source()}), so that a run can always report which
 * data it used.
 */
public final class ImageSet {

    private final float[] pixels;
    private final byte[] raw;
    private final float[][] lookup;
    private final List<Normalization> normalization;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final String source;

    /**
     * Creates a set from normalised pixels.
     *
     * @param pixels {@code size * channels * height * width} values, NCHW
     * @param labels one label per image, in {@code [0, numClasses)}
     * @param channels, height, width the image shape
     * @param numClasses the number of classes
     * @param source a human-readable description of where the data came from
     */
    public ImageSet(float[] pixels, int[] labels, int channels, int height, int width, int numClasses, String source) {
        this(Objects.requireNonNull(pixels, "pixels"), null, null, labels, channels, height, width, numClasses, source);
    }

    /**
     * Creates a set from raw byte pixels in {@code [0, 255]} and their normalisation.
     *
     * @param pixels {@code size * channels * height * width} bytes, NCHW
     * @param labels one label per image, in {@code [0, numClasses)}
     * @param perChannel one normalisation for every channel, or one per channel
     * @param source a human-readable description of where the data came from
     */
    public static ImageSet ofBytes(
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            int numClasses,
            List<Normalization> perChannel,
            String source) {
        if (perChannel.size() != 1 && perChannel.size() != channels) {
            throw new IllegalArgumentException(
                    "perChannel must hold 1 or " + channels + " normalisations, was " + perChannel.size());
        }
        return new ImageSet(
                null,
                Objects.requireNonNull(pixels, "pixels"),
                List.copyOf(perChannel),
                labels,
                channels,
                height,
                width,
                numClasses,
                source);
    }

    private ImageSet(
            float[] pixels,
            byte[] raw,
            List<Normalization> normalization,
            int[] labels,
            int channels,
            int height,
            int width,
            int numClasses,
            String source) {
        long per = (long) channels * height * width;
        int length = pixels != null ? pixels.length : raw.length;
        if (per <= 0 || length != labels.length * per) {
            throw new IllegalArgumentException("pixels must hold labels.length * "
                    + channels
                    + " * "
                    + height
                    + " * "
                    + width
                    + " = "
                    + labels.length * per
                    + " values, was "
                    + length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "label " + i + " must be in [0, " + numClasses + "), was " + labels[i]);
            }
        }
        this.pixels = pixels;
        this.raw = raw;
        this.normalization = normalization;
        if (raw != null) {
            lookup = new float[channels][256];
            for (int c = 0; c < channels; c++) {
                Normalization n = normalization.get(normalization.size() == 1 ? 0 : c);
                for (int v = 0; v < 256; v++) {
                    lookup[c][v] = n.apply(v);
                }
            }
        } else {
            lookup = null;
        }
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** Channels, height and width of one image. */
    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /** The number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /** Where the data came from, for example a folder or "embedded default subset". */
    public String source() {
        return source;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of the normalised pixels of image {@code i}, {@code channels * height * width}. */
    public float[] image(int i) {
        int per = channels * height * width;
        float[] copy = new float[per];
        if (raw == null) {
            System.arraycopy(pixels, i * per, copy, 0, per);
        } else {
            int plane = height * width;
            for (int p = 0; p < per; p++) {
                copy[p] = lookup[p / plane][raw[i * per + p] & 0xff];
            }
        }
        return copy;
    }

    /** Whether the set holds raw bytes with their normalisation (rather than normalised floats). */
    public boolean isRaw() {
        return raw != null;
    }

    /** The per-channel normalisation of a raw set (one entry for all channels, or one per channel); empty otherwise. */
    public List<Normalization> normalization() {
        return normalization == null ? List.of() : normalization;
    }

    /** All images, normalised, as one float32 array {@code [size, channels, height, width]}. */
    public NDArray imagesArray(NDManager manager) {
        if (raw == null) {
            return NativeCopy.floats(manager, pixels, new Shape(size(), channels, height, width));
        }
        try (DeviceImages device = upload(manager)) {
            return device.all(manager);
        }
    }

    /**
     * The set copied once to {@code manager}'s device: raw bytes stay bytes there (a quarter of the
     * memory of floats) and are normalised per gathered batch.
     */
    public DeviceImages upload(NDManager manager) {
        return new DeviceImages(this, manager);
    }

    byte[] rawPixels() {
        return raw;
    }

    float[] floatPixels() {
        return pixels;
    }

    float[][] lookupTables() {
        return lookup;
    }

    /** All labels as one int64 array {@code [size]}. */
    public NDArray labelsArray(NDManager manager) {
        try (NDArray ints = NativeCopy.ints(manager, labels, new Shape(size()))) {
            return ints.toType(DataType.INT64, false);
        }
    }

    /**
     * The set as a DJL dataset, for DJL's own training loops ({@code EasyTrain}): images {@code
     * [channels, height, width]} float32 and int64 labels, batched, in a random order if {@code
     * shuffle}.
     */
    public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle) {
        return new ArrayDataset.Builder()
                .setData(imagesArray(manager))
                .optLabels(labelsArray(manager))
                .setSampling(batchSize, shuffle)
                .build();
    }

    /** The first {@code n} images (or all, if there are fewer). */
    public ImageSet head(int n) {
        return select(range(Math.min(n, size())), source);
    }

    /**
     * A class-balanced subset of {@code n} images drawn without replacement from a seeded source:
     * {@code n / K} of every class (the first {@code n % K} classes get one more), in a seeded
     * random order. Classes with too few images give all they have.
     */
    public ImageSet balancedSubset(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        if (n >= size()) {
            return this;
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < numClasses; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < size(); i++) {
            byClass.get(labels[i]).add(i);
        }
        List<Integer> chosen = new ArrayList<>();
        for (int k = 0; k < numClasses; k++) {
            List<Integer> members = byClass.get(k);
            int want = Math.min(members.size(), n / numClasses + (k < n % numClasses ? 1 : 0));
            shuffle(members, random);
            chosen.addAll(members.subList(0, want));
        }
        shuffle(chosen, random);
        int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
        return select(indices, source + ", balanced subset of " + indices.length);
    }

    /** The images at the given indices, in that order. */
    public ImageSet select(int[] indices, String newSource) {
        int per = channels * height * width;
        int[] l = new int[indices.length];
        float[] p = raw == null ? new float[indices.length * per] : null;
        byte[] r = raw == null ? null : new byte[indices.length * per];
        for (int j = 0; j < indices.length; j++) {
            if (raw == null) {
                System.arraycopy(pixels, indices[j] * per, p, j * per, per);
            } else {
                System.arraycopy(raw, indices[j] * per, r, j * per, per);
            }
            l[j] = labels[indices[j]];
        }
        return new ImageSet(p, r, normalization, l, channels, height, width, numClasses, newSource);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    @Override
    public String toString() {
        return size() + " images " + imageShape() + " from " + source;
    }
}
