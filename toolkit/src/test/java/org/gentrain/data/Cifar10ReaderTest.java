package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 binary reader on small files the test writes. */
class Cifar10ReaderTest {

    @TempDir
    Path temp;

    /**
     * {@code n} records; record i has label i % 10, red pixels 10, green 20, blue 30, except the
     * first pixel of each channel, which is i.
     */
    static byte[] records(int n) {
        byte[] bytes = new byte[n * Cifar10Reader.RECORD];
        for (int i = 0; i < n; i++) {
            int o = i * Cifar10Reader.RECORD;
            bytes[o] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    bytes[o + 1 + c * 1024 + p] = (byte) (p == 0 ? i : 10 * (c + 1));
                }
            }
        }
        return bytes;
    }

    /** A CIFAR-10 folder with {@code perBatch} records in each of the six files. */
    static Path cifarFolder(Path folder, int perBatch) throws IOException {
        Files.createDirectories(folder);
        for (String file : Cifar10.TRAIN_FILES) {
            Files.write(folder.resolve(file), records(perBatch));
        }
        Files.write(folder.resolve(Cifar10.TEST_FILE), records(perBatch));
        return folder;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private String fault(Path file) {
        return assertThrows(
                        DataFormatException.class,
                        () -> Cifar10Reader.read(List.of(file), 10, Cifar10.NORMALIZATION, "test"))
                .getMessage();
    }

    @Test
    void readsLabelsAndNormalisesEachChannelWithItsOwnConstants() throws IOException {
        ImageSet set = Cifar10Reader.read(
                List.of(file("a.bin", records(3)), file("b.bin", records(2))), 10, Cifar10.NORMALIZATION, "test");
        assertEquals(5, set.size());
        assertEquals(3 * 32 * 32, set.image(0).length);
        assertEquals(2, set.label(2));
        assertEquals(1, set.label(4));
        float[] image = set.image(4);
        assertEquals((1 / 255f - 0.4914f) / 0.2470f, image[0], 1e-6);
        assertEquals((10 / 255f - 0.4914f) / 0.2470f, image[1], 1e-6);
        assertEquals((20 / 255f - 0.4822f) / 0.2435f, image[1024 + 5], 1e-6);
        assertEquals((30 / 255f - 0.4465f) / 0.2616f, image[2048 + 1023], 1e-6);
    }

    @Test
    void truncatedFileIsNamedWithItsLeftOverBytes() throws IOException {
        byte[] whole = records(2);
        Path file = file("t.bin", java.util.Arrays.copyOf(whole, whole.length - 100));
        assertEquals(
                file + ": truncated or not CIFAR-10 binary: 6046 bytes is not a whole number of 3073-byte"
                        + " records (1 records and 2973 bytes left over)",
                fault(file));
    }

    @Test
    void emptyFileIsNamed() throws IOException {
        Path file = file("e.bin", new byte[0]);
        assertEquals(file + ": empty: no 3073-byte records", fault(file));
    }

    @Test
    void labelOutsideTheClassesIsNamedWithItsRecord() throws IOException {
        byte[] bytes = records(3);
        bytes[2 * Cifar10Reader.RECORD] = 57;
        Path file = file("l.bin", bytes);
        assertEquals(file + ": label 57 of record 2 is outside [0, 10)", fault(file));
    }

    @Test
    void missingFileIsNamed() {
        Path file = temp.resolve("data_batch_9.bin");
        assertEquals(file + ": no such file", fault(file));
    }

    @Test
    void loadsTrainAndTestBatchesFromGentrainData() throws IOException {
        Path folder = cifarFolder(temp.resolve("data/cifar10"), 4);
        DataSources sources =
                new DataSources(Map.of("GENTRAIN_DATA", temp.resolve("data").toString()), temp, List.of());
        TrainTestSplit split = new Cifar10(sources).loadFrom(Optional.empty());
        assertEquals(20, split.train().size());
        assertEquals(4, split.test().size());
        assertEquals("$GENTRAIN_DATA/cifar10 (" + folder + ")", split.source());
        assertEquals(new ai.djl.ndarray.types.Shape(3, 32, 32), split.train().imageShape());
    }

    @Test
    void folderWithoutTheTestBatchIsNotCifar10() throws IOException {
        Path folder = cifarFolder(temp.resolve("c"), 1);
        Files.delete(folder.resolve("test_batch.bin"));
        DataFormatException e = assertThrows(
                DataFormatException.class,
                () -> new Cifar10(new DataSources(Map.of(), temp, List.of())).loadFrom(Optional.of(folder)));
        assertEquals(folder + ": not a CIFAR-10 folder: missing test_batch.bin", e.getMessage());
    }

    @Test
    void becomesADjlDatasetOfBatchedImagesAndLabels() throws Exception {
        ImageSet set = Cifar10Reader.read(List.of(file("a.bin", records(5))), 10, Cifar10.NORMALIZATION, "test");
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = set.toDataset(manager, 2, false);
            assertEquals(5, dataset.size());
            Batch first = dataset.getData(manager).iterator().next();
            assertEquals(
                    new ai.djl.ndarray.types.Shape(2, 3, 32, 32),
                    first.getData().singletonOrThrow().getShape());
            assertEquals(1L, first.getLabels().singletonOrThrow().toLongArray()[1]);
            first.close();
        }
    }
}
