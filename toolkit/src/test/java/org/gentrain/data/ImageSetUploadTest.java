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
}
