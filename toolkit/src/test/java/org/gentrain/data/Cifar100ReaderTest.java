package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-100 binary reader on small files the test writes in the official format. */
class Cifar100ReaderTest {

    @TempDir
    Path temp;

    /** The official grouping's rule for these tests: fine class f belongs to coarse class f % 20. */
    private static int coarseOf(int fine) {
        return fine % 20;
    }

    /**
     * {@code n} records; record i has fine label (i * 7) % 100 and its coarse label, red pixels 10,
     * green 20, blue 30, except the first pixel of each channel, which is i.
     */
    static byte[] records(int n) {
        byte[] bytes = new byte[n * Cifar100Reader.RECORD];
        for (int i = 0; i < n; i++) {
            int o = i * Cifar100Reader.RECORD;
            int fine = (i * 7) % 100;
            bytes[o] = (byte) coarseOf(fine);
            bytes[o + 1] = (byte) fine;
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    bytes[o + 2 + c * 1024 + p] = (byte) (p == 0 ? i : 10 * (c + 1));
                }
            }
        }
        return bytes;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private String fault(Path file) {
        return assertThrows(
                        DataFormatException.class,
                        () -> Cifar100Reader.read(List.of(file), Cifar100.NORMALIZATION, "test"))
                .getMessage();
    }

    @Test
    void readsFineLabelsForTrainingAndKeepsEachExamplesCoarseLabel() throws IOException {
        Cifar100Set set = Cifar100Reader.read(List.of(file("train.bin", records(5))), Cifar100.NORMALIZATION, "test");
        ImageSet images = set.images();
        assertEquals(5, images.size());
        assertEquals(100, images.numClasses());
        assertEquals(new ai.djl.ndarray.types.Shape(3, 32, 32), images.imageShape());
        assertEquals(28, images.label(4));
        assertEquals(8, set.coarseLabel(4));
        float[] image = images.image(3);
        assertEquals((3 / 255f - 0.5071f) / 0.2673f, image[0], 1e-6);
        assertEquals((20 / 255f - 0.4865f) / 0.2564f, image[1024 + 9], 1e-6);
        assertEquals((30 / 255f - 0.4409f) / 0.2762f, image[2048 + 1023], 1e-6);
    }

    @Test
    void coarseOfFineIsDerivedFromTheData() throws IOException {
        int[] mapping = Cifar100Reader.read(List.of(file("a.bin", records(200))), Cifar100.NORMALIZATION, "t")
                .coarseOfFine();
        assertEquals(100, mapping.length);
        for (int f = 0; f < 100; f++) {
            assertEquals(coarseOf(f), mapping[f], "fine class " + f);
        }
        int[] partial = Cifar100Reader.read(List.of(file("b.bin", records(3))), Cifar100.NORMALIZATION, "t")
                .coarseOfFine();
        assertEquals(3, Arrays.stream(partial).filter(c -> c >= 0).count(), "classes 0, 7, 14 only");
    }

    @Test
    void fineClassUnderTwoCoarseClassesIsNamedWithItsRecord() throws IOException {
        byte[] bytes = records(120);
        bytes[107 * Cifar100Reader.RECORD] = 3; // record 107 has fine label 49, coarse 9
        Path file = file("bad.bin", bytes);
        assertEquals(
                file + ": fine label 49 of record 107 has coarse label 3, earlier records of that class have 9",
                fault(file));
    }

    @Test
    void truncatedFileIsNamedWithItsLeftOverBytes() throws IOException {
        byte[] whole = records(2);
        Path file = file("t.bin", Arrays.copyOf(whole, whole.length - 10));
        assertEquals(
                file + ": truncated or not CIFAR-100 binary: 6138 bytes is not a whole number of 3074-byte"
                        + " records (1 records and 3064 bytes left over)",
                fault(file));
    }

    @Test
    void cifar10FileIsNotCifar100() throws IOException {
        Path file = file("data_batch_1.bin", Cifar10ReaderTest.records(2));
        assertEquals(
                file + ": truncated or not CIFAR-100 binary: 6146 bytes is not a whole number of 3074-byte"
                        + " records (1 records and 3072 bytes left over)",
                fault(file));
    }

    @Test
    void labelsOutsideTheirClassesAreNamed() throws IOException {
        byte[] bytes = records(3);
        bytes[Cifar100Reader.RECORD + 1] = 100;
        Path fine = file("f.bin", bytes);
        assertEquals(fine + ": fine label 100 of record 1 is outside [0, 100)", fault(fine));
        bytes = records(3);
        bytes[2 * Cifar100Reader.RECORD] = 20;
        Path coarse = file("c.bin", bytes);
        assertEquals(coarse + ": coarse label 20 of record 2 is outside [0, 20)", fault(coarse));
    }

    @Test
    void emptyAndMissingFilesAreNamed() throws IOException {
        Path empty = file("e.bin", new byte[0]);
        assertEquals(empty + ": empty: no 3074-byte records", fault(empty));
        Path missing = temp.resolve("train.bin");
        assertEquals(missing + ": no such file", fault(missing));
    }

    private Path cifar100Folder(Path folder, int train, int test) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(Cifar100.TRAIN_FILE), records(train));
        Files.write(folder.resolve(Cifar100.TEST_FILE), records(test));
        return folder;
    }

    @Test
    void loadsFromGentrainDataInCifar10sSearchOrderAsAKnownDataset() throws IOException {
        Path folder = cifar100Folder(temp.resolve("data/cifar100"), 200, 10);
        DataSources sources =
                new DataSources(Map.of("GENTRAIN_DATA", temp.resolve("data").toString()), temp, List.of());
        Cifar100.Split split = new Cifar100(sources).loadFrom(Optional.empty());
        assertEquals(200, split.train().images().size());
        assertEquals(10, split.test().images().size());
        assertEquals("$GENTRAIN_DATA/cifar100 (" + folder + ")", split.source());
        assertEquals(coarseOf(57), split.coarseOfFine()[57]);
        assertEquals(LabelGroups.ofCoarseLabels(split.coarseOfFine()), split.labelGroups());
        assertEquals(20, split.labelGroups().groups());
        assertEquals(coarseOf(57), split.labelGroups().groupOf(57));
        TrainTestSplit fine = KnownDataset.named("cifar100").load(Optional.empty(), sources);
        assertEquals(200, fine.train().size());
        assertEquals(100, fine.train().numClasses());
        assertEquals(Cifar100.NORMALIZATION, KnownDataset.CIFAR100.normalization());
        assertEquals(Cifar100.NORMALIZATION, fine.train().normalization());
    }

    @Test
    void mappingOfASplitWithAnAbsentFineClassIsRefused() throws IOException {
        Path folder = cifar100Folder(temp.resolve("small"), 20, 10);
        Cifar100.Split split = new Cifar100(new DataSources(Map.of(), temp, List.of())).loadFrom(Optional.of(folder));
        DataFormatException e = assertThrows(DataFormatException.class, split::coarseOfFine);
        assertEquals("folder " + folder + ": fine class 1 has no example", e.getMessage());
    }

    @Test
    void trainAndTestFilingAClassDifferentlyAreRefused() throws IOException {
        Path folder = cifar100Folder(temp.resolve("c"), 100, 1);
        byte[] test = records(1);
        test[0] = 5; // fine class 0 under coarse class 5 instead of 0
        Files.write(folder.resolve(Cifar100.TEST_FILE), test);
        DataFormatException e = assertThrows(
                DataFormatException.class,
                () -> new Cifar100(new DataSources(Map.of(), temp, List.of())).loadFrom(Optional.of(folder)));
        assertEquals(
                "folder " + folder + ": fine label 0 has coarse label 0 in the training set and 5 in the test set",
                e.getMessage());
    }

    @Test
    void folderWithoutTheTestFileIsNotCifar100() throws IOException {
        Path folder = cifar100Folder(temp.resolve("d"), 1, 1);
        Files.delete(folder.resolve("test.bin"));
        DataFormatException e = assertThrows(
                DataFormatException.class,
                () -> new Cifar100(new DataSources(Map.of(), temp, List.of())).loadFrom(Optional.of(folder)));
        assertEquals(folder + ": not a CIFAR-100 folder: missing test.bin", e.getMessage());
    }

    @Test
    void classNamesAreReadOneALineAndCounted() throws IOException {
        Path names = Files.writeString(temp.resolve("coarse_label_names.txt"), "aquatic_mammals\nfish\n\n");
        assertEquals(List.of("aquatic_mammals", "fish"), Cifar100.labelNames(names, 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar100.labelNames(names, 20));
        assertEquals(names + ": holds 2 class names, not 20", e.getMessage());
    }

    @Test
    void rawSetUploadsToTheSameFloatsAsTheJavaNormalisation() throws IOException {
        ImageSet images = Cifar100Reader.read(List.of(file("u.bin", records(4))), Cifar100.NORMALIZATION, "t")
                .images();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] uploaded = images.imagesArray(manager).toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(images.image(i), Arrays.copyOfRange(uploaded, i * 3072, (i + 1) * 3072), 0f);
            }
        }
    }
}
