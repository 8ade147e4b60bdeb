package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order data sets are looked for in, with generated IDX folders standing in for each source. */
class DataSourcesTest {

    @TempDir
    Path temp;

    /** Writes the four Fashion-MNIST files with {@code n} train and {@code n} test images. */
    static Path idxFolder(Path folder, int n) throws IOException {
        Files.createDirectories(folder);
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            pixels[i * 784 + i % 784] = (byte) 255;
        }
        for (String prefix : List.of("train", "t10k")) {
            IdxWriter.writeImages(folder.resolve(prefix + "-images-idx3-ubyte.gz"), pixels, n, 28, 28);
            IdxWriter.writeLabels(folder.resolve(prefix + "-labels-idx1-ubyte.gz"), labels);
        }
        return folder;
    }

    private DataSources sources(Map<String, String> env) {
        return new DataSources(env, temp.resolve("home"), List.of(temp.resolve("debian")));
    }

    private DataSources withGentrainData() {
        return sources(Map.of("GENTRAIN_DATA", temp.resolve("data").toString()));
    }

    private TrainTestSplit loadFashion(DataSources sources, Optional<Path> given) {
        return FashionMnist.dataset(sources).load(given);
    }

    @Test
    void givenFolderComesFirst() throws IOException {
        idxFolder(temp.resolve("data/fashion-mnist"), 20);
        idxFolder(temp.resolve("debian/fashion-mnist"), 30);
        Path given = idxFolder(temp.resolve("mine"), 10);
        TrainTestSplit split = loadFashion(withGentrainData(), Optional.of(given));
        assertEquals(10, split.train().size());
        assertEquals("folder " + given, split.source());
    }

    @Test
    void gentrainDataComesBeforeTheSystemPackage() throws IOException {
        Path data = idxFolder(temp.resolve("data/fashion-mnist"), 20);
        idxFolder(temp.resolve("debian/fashion-mnist"), 30);
        TrainTestSplit split = loadFashion(withGentrainData(), Optional.empty());
        assertEquals(20, split.train().size());
        assertEquals("$GENTRAIN_DATA/fashion-mnist (" + data + ")", split.source());
    }

    @Test
    void gentrainDataDefaultsToTheHomeFolder() throws IOException {
        Path data = idxFolder(temp.resolve("home/.gentrain/data/fashion-mnist"), 20);
        idxFolder(temp.resolve("debian/fashion-mnist"), 30);
        DataSources sources = sources(Map.of());
        assertEquals(temp.resolve("home/.gentrain/data"), sources.dataRoot());
        TrainTestSplit split = loadFashion(sources, Optional.empty());
        assertEquals(20, split.train().size());
        assertEquals("~/.gentrain/data/fashion-mnist (" + data + ")", split.source());
    }

    @Test
    void systemPackageComesBeforeTheEmbeddedSubset() throws IOException {
        Path debian = idxFolder(temp.resolve("debian/fashion-mnist"), 30);
        TrainTestSplit split = loadFashion(withGentrainData(), Optional.empty());
        assertEquals(30, split.test().size());
        assertEquals("system package (" + debian + ")", split.source());
    }

    @Test
    void embeddedSubsetIsTheLastResort() {
        TrainTestSplit split = loadFashion(withGentrainData(), Optional.empty());
        assertEquals(6000, split.train().size());
        assertEquals(1000, split.test().size());
        assertEquals("embedded default subset (6000 train / 1000 test)", split.source());
    }

    @Test
    void incompleteFolderIsSkippedAndNamedInTheSource() throws IOException {
        Path data = idxFolder(temp.resolve("data/fashion-mnist"), 20);
        Files.delete(data.resolve("t10k-labels-idx1-ubyte.gz"));
        Path debian = idxFolder(temp.resolve("debian/fashion-mnist"), 30);
        TrainTestSplit split = loadFashion(withGentrainData(), Optional.empty());
        assertEquals(
                "system package (" + debian + "); ignored incomplete " + data + " (missing t10k-labels-idx1-ubyte.gz)",
                split.source());
    }

    @Test
    void givenFolderMissingAFileIsAnErrorNotAFallback() throws IOException {
        idxFolder(temp.resolve("debian/fashion-mnist"), 30);
        Path given = idxFolder(temp.resolve("mine"), 10);
        Files.delete(given.resolve("train-images-idx3-ubyte.gz"));
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> loadFashion(withGentrainData(), Optional.of(given)));
        assertEquals(given + ": not a Fashion-MNIST folder: missing train-images-idx3-ubyte.gz", e.getMessage());
    }

    @Test
    void uncompressedIdxFilesAreAcceptedToo() throws IOException {
        Path given = Files.createDirectories(temp.resolve("plain"));
        byte[] labels = {3, 1};
        for (String prefix : List.of("train", "t10k")) {
            IdxWriter.writeImages(given.resolve(prefix + "-images-idx3-ubyte"), new byte[2 * 784], 2, 28, 28);
            IdxWriter.writeLabels(given.resolve(prefix + "-labels-idx1-ubyte"), labels);
        }
        TrainTestSplit split = loadFashion(withGentrainData(), Optional.of(given));
        assertEquals(3, split.train().label(0));
    }

    @Test
    void mnistHasNoEmbeddedSubsetSoNotFindingItSaysWhereItLooked() {
        DataFormatException e = assertThrows(
                DataFormatException.class,
                () -> Mnist.dataset(withGentrainData()).load(Optional.empty()));
        assertEquals(
                "MNIST: not found; looked in " + temp.resolve("data/mnist") + ", " + temp.resolve("debian/mnist")
                        + " (run data-scripts/mnist.sh, or give a folder with --data)",
                e.getMessage());
    }

    @Test
    void mnistIsReadFromGentrainDataWithItsOwnNormalization() throws IOException {
        idxFolder(temp.resolve("data/mnist"), 10);
        TrainTestSplit split = Mnist.dataset(withGentrainData()).load(Optional.empty());
        assertEquals(10, split.train().size());
        assertEquals(Normalization.MNIST.apply(0), split.train().image(1)[0], 1e-6);
        assertEquals(Normalization.MNIST.apply(255), split.train().image(1)[1], 1e-6);
    }

    @Test
    void locateReportsTheKindAndFolder() throws IOException {
        Path debian = idxFolder(temp.resolve("debian/fashion-mnist"), 3);
        DataSources.Source source = withGentrainData()
                .locate("fashion-mnist", "Fashion-MNIST", IdxDataset::missing, Optional.empty(), true);
        assertEquals(DataSources.Kind.SYSTEM_PACKAGE, source.kind());
        assertEquals(debian, source.folder());
        DataSources.Source embedded =
                withGentrainData().locate("mnist", "MNIST", IdxDataset::missing, Optional.empty(), true);
        assertEquals(DataSources.Kind.EMBEDDED, embedded.kind());
        assertNull(embedded.folder());
        assertTrue(embedded.description().startsWith("embedded default subset"));
    }
}
