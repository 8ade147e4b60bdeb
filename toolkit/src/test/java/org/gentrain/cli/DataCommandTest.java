package org.gentrain.cli;

import static org.gentrain.cli.GentrainCommandTest.assertUsageError;
import static org.gentrain.cli.GentrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gentrain.cli.GentrainCommandTest.Outcome;
import org.gentrain.data.Cifar10;
import org.gentrain.data.IdxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line does with data options: bad ones exit 2, corrupt data exits 1, others train. */
class DataCommandTest {

    @TempDir
    Path temp;

    private Path idxFolder(int n) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("idx"));
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < 28; p++) {
                pixels[i * 784 + (i % 10) * 28 + p] = (byte) 255;
            }
        }
        for (String prefix : List.of("train", "t10k")) {
            IdxWriter.writeImages(folder.resolve(prefix + "-images-idx3-ubyte.gz"), pixels, n, 28, 28);
            IdxWriter.writeLabels(folder.resolve(prefix + "-labels-idx1-ubyte.gz"), labels);
        }
        return folder;
    }

    @Test
    void dataFolderMissingAFileIsAUsageError() throws IOException {
        Path folder = idxFolder(10);
        Files.delete(folder.resolve("t10k-labels-idx1-ubyte.gz"));
        assertUsageError(
                "--data: " + folder + " is not a Fashion-MNIST folder: missing t10k-labels-idx1-ubyte.gz",
                "train",
                "--data",
                folder.toString());
    }

    @Test
    void corruptDataFileIsOneLineAndExitCodeOne() throws IOException {
        Path folder = idxFolder(10);
        Path images = folder.resolve("train-images-idx3-ubyte.gz");
        IdxWriter.writeLabels(images, new byte[12]);
        Outcome outcome = run("train", "--data", folder.toString(), "--device", "cpu");
        assertEquals(1, outcome.code(), outcome.err());
        assertEquals(
                List.of("gentrain: " + images + ": wrong magic number 0x00000801, expected 0x00000803 (images)"),
                outcome.err().lines().toList());
        assertTrue(outcome.out().isEmpty(), outcome.out());
    }

    @Test
    void unknownDatasetIsAUsageError() {
        assertUsageError(
                "--dataset must be one of fashion-mnist, mnist, cifar10, cifar100; was 'imagenet'",
                "train",
                "--dataset",
                "imagenet");
    }

    @Test
    void onlyFashionMnistHasAnEmbeddedSubset() {
        assertUsageError(
                "--embedded: CIFAR-10 has no embedded subset (only fashion-mnist has one)",
                "train",
                "--dataset",
                "cifar10",
                "--embedded");
    }

    @Test
    void mnistTrainsFromTheGivenFolderAndSaysSo() throws IOException {
        Path folder = idxFolder(40);
        Outcome outcome =
                run("train", "--dataset", "mnist", "--data", folder.toString(), "--batch-size", "8", "--device", "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("data: folder " + folder + " (40 train, 40 test images)"), outcome.out());
        assertTrue(outcome.out().contains("test accuracy"), outcome.out());
    }

    @Test
    void cifar10TrainsSmallCnnOnThreeChannelImages() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("cifar"));
        byte[] records = new byte[10 * 3073];
        for (int i = 0; i < 10; i++) {
            records[i * 3073] = (byte) (i % 10);
            records[i * 3073 + 1 + (i % 10) * 300] = (byte) 255;
        }
        for (String file : Cifar10.TRAIN_FILES) {
            Files.write(folder.resolve(file), records);
        }
        Files.write(folder.resolve(Cifar10.TEST_FILE), records);
        Outcome outcome = run(
                "train", "--dataset", "cifar10", "--data", folder.toString(), "--batch-size", "10", "--device", "cpu");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("data: folder " + folder + " (50 train, 10 test images)"), outcome.out());
        assertTrue(
                outcome.out().matches("(?s).*epoch 1: train loss \\d+\\.\\d+, test accuracy \\d\\.\\d{4}.*"),
                outcome.out());
    }

    @Test
    void cifar100TrainsOnItsFineClassesWithCropFlipAndAdamOnACosineSchedule() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("cifar100"));
        byte[] records = new byte[20 * 3074];
        for (int i = 0; i < 20; i++) {
            records[i * 3074] = (byte) (i % 20);
            records[i * 3074 + 1] = (byte) (i * 5 % 100);
            records[i * 3074 + 2 + (i % 10) * 300] = (byte) 255;
        }
        Files.write(folder.resolve("train.bin"), records);
        Files.write(folder.resolve("test.bin"), records);
        Outcome outcome = run(
                "train",
                "--dataset",
                "cifar100",
                "--data",
                folder.toString(),
                "--batch-size",
                "10",
                "--device",
                "cpu",
                "--epochs",
                "2",
                "--optimizer",
                "adam",
                "--lr",
                "0.001",
                "--schedule",
                "warmup:1+cosine",
                "--train-augmentation",
                "crop-flip:4");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("data: folder " + folder + " (20 train, 20 test images)"), outcome.out());
        assertTrue(
                outcome.out()
                        .contains(
                                "optimizer: adam lr=0.001 beta1=0.9 beta2=0.999 epsilon=1.0E-8 "
                                        + "weight-decay=5.0E-4 schedule=warmup:1+cosine:2, batch 10, train augmentation crop-flip:4"),
                outcome.out());
        assertTrue(
                outcome.out().matches("(?s).*epoch 2: train loss \\d+\\.\\d+, test accuracy \\d\\.\\d{4}.*"),
                outcome.out());
    }
}
