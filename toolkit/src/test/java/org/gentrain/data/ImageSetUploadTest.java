package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.gentrain.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

class ImageSetUploadTest {

    private static long directBytesInUse() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }

    @Test
    void uploadedImagesHoldTheSetsPixelsAndLabels() {
        ImageSet set = SyntheticImages.squares(64, 12, 4, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = set.imagesArray(manager);
            NDArray labels = set.labelsArray(manager);
            assertEquals(new Shape(64, 1, 12, 12), images.getShape());
            assertEquals(DataType.INT64, labels.getDataType());
            for (int i : new int[] {0, 17, 63}) {
                assertArrayEquals(set.image(i), images.get(i).toFloatArray());
                assertEquals(set.label(i), labels.getLong(i));
            }
        }
    }

    @Test
    void uploadsLeaveNoStagingMemoryBehindForTheGarbageCollector() {
        ImageSet set = SyntheticImages.squares(2000, 28, 10, 5); // 6.3 MB of pixels
        long before = directBytesInUse();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 5; round++) {
                set.imagesArray(manager).close();
                set.labelsArray(manager).close();
            }
        }
        long grown = directBytesInUse() - before;
        assertTrue(grown < 1_000_000, "direct memory still held after 5 uploads: " + grown + " bytes");
    }

    /** 1,500 two-channel 3 x 3 images of seeded random bytes, each channel with its own normalisation. */
    private static ImageSet rawSet() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        byte[] pixels = new byte[1500 * 18];
        int[] labels = new int[1500];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        return ImageSet.ofBytes(
                pixels,
                labels,
                2,
                3,
                3,
                3,
                java.util.List.of(new Normalization(0.3f, 0.2f), new Normalization(0.6f, 0.45f)),
                "raw");
    }

    @Test
    void rawBytesNormaliseOnTheDeviceToExactlyTheJavaFloats() {
        ImageSet set = rawSet();
        float[] expected = new float[1500 * 18];
        for (int i = 0; i < 1500; i++) {
            System.arraycopy(set.image(i), 0, expected, i * 18, 18);
        }
        assertEquals((0 / 255f - 0.6f) / 0.45f, new Normalization(0.6f, 0.45f).apply(0));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray all = set.imagesArray(manager); // converted in chunks of 1,024 images
            assertEquals(new Shape(1500, 2, 3, 3), all.getShape());
            assertArrayEquals(expected, all.toFloatArray(), 0f);
            try (DeviceImages device = set.upload(manager)) {
                NDArray rows = manager.create(new long[] {1499, 0, 1024, 7});
                float[] batch = device.images(new ai.djl.ndarray.index.NDIndex("{}", rows))
                        .toFloatArray();
                int[] order = {1499, 0, 1024, 7};
                for (int k = 0; k < 4; k++) {
                    assertArrayEquals(
                            set.image(order[k]), java.util.Arrays.copyOfRange(batch, k * 18, k * 18 + 18), 0f);
                }
                assertEquals(
                        1L,
                        device.labels(new ai.djl.ndarray.index.NDIndex("{}", rows))
                                .toLongArray()[3]);
            }
        }
    }

    @Test
    void rawSubsetsKeepBytesAndNormalisation() {
        ImageSet set = rawSet();
        ImageSet subset = set.balancedSubset(30, 4);
        assertTrue(subset.isRaw());
        assertEquals(set.normalization(), subset.normalization());
        assertEquals(30, subset.size());
        assertEquals(set.image(0).length, subset.image(29).length);
    }
}
