package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data scripts, run with a temporary {@code GENTRAIN_DATA} and downloads forbidden
 * ({@code GENTRAIN_OFFLINE=1}): local copies are verified, nothing in place is ever replaced.
 */
class DataScriptsTest {

    @TempDir
    Path temp;

    private record Result(int code, String output) {}

    private static Path scripts() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("data-scripts"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no data-scripts folder above the working directory");
        return dir.resolve("data-scripts");
    }

    private Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("bash", scripts().resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GENTRAIN_DATA", temp.resolve("data").toString());
        builder.environment().put("GENTRAIN_OFFLINE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Result(process.exitValue(), output);
    }

    private static void assumeDebianPackage() {
        assumeTrue(
                Files.isRegularFile(FashionMnist.DEBIAN_FOLDER.resolve("train-images-idx3-ubyte.gz")),
                "needs Debian's dataset-fashion-mnist (installed by .ci/run)");
    }

    @Test
    void fashionMnistScriptCopiesDebiansVerifiedFilesIntoGentrainData() throws Exception {
        assumeDebianPackage();
        Result result = run("fashion-mnist.sh");
        assertEquals(0, result.code(), result.output());
        Path dest = temp.resolve("data/fashion-mnist");
        assertTrue(
                result.output()
                        .contains("installed 4 verified file(s) into " + dest + " from " + FashionMnist.DEBIAN_FOLDER),
                result.output());
        for (String file : IdxDataset.FILES) {
            assertEquals(-1L, Files.mismatch(FashionMnist.DEBIAN_FOLDER.resolve(file), dest.resolve(file)), file);
        }
        try (var staging = Files.list(dest)) {
            assertEquals(4, staging.count(), "no staging folder is left behind");
        }
    }

    @Test
    void secondRunFindsTheFilesInPlaceAndTouchesNothing() throws Exception {
        assumeDebianPackage();
        assertEquals(0, run("fashion-mnist.sh").code());
        Path labels = temp.resolve("data/fashion-mnist/train-labels-idx1-ubyte.gz");
        FileTime before = Files.getLastModifiedTime(labels);
        Result again = run("fashion-mnist.sh");
        assertEquals(0, again.code(), again.output());
        assertTrue(again.output().contains("already in place and verified"), again.output());
        assertEquals(before, Files.getLastModifiedTime(labels));
    }

    @Test
    void fileInPlaceThatDoesNotVerifyIsNeverReplaced() throws Exception {
        Path dest = Files.createDirectories(temp.resolve("data/fashion-mnist"));
        Path mine = Files.writeString(dest.resolve("t10k-labels-idx1-ubyte.gz"), "my own file");
        Result result = run("fashion-mnist.sh");
        assertEquals(1, result.code(), result.output());
        assertTrue(
                result.output()
                        .contains(mine + " is already there and does not match the published checksum; "
                                + "it was left as it is"),
                result.output());
        assertEquals("my own file", Files.readString(mine));
    }

    @Test
    void localCopyThatFailsItsChecksumInstallsNothing() throws Exception {
        Path copy = DataSourcesTest.idxFolder(temp.resolve("copy"), 5);
        Result result = run("fashion-mnist.sh", copy.toString());
        assertEquals(1, result.code(), result.output());
        assertTrue(
                result.output().contains(copy.resolve("train-images-idx3-ubyte.gz") + ": SHA-256 "), result.output());
        assertTrue(result.output().contains("nothing was installed from it"), result.output());
        assertFalse(Files.exists(temp.resolve("data/fashion-mnist")), "the empty target folder is removed");
    }

    @Test
    void mnistScriptWithoutALocalCopyRefusesToDownloadWhenOffline() throws Exception {
        Result result = run("mnist.sh");
        assertEquals(1, result.code(), result.output());
        assertEquals(
                "mnist.sh: error: no local copy found, and downloads are off (GENTRAIN_OFFLINE=1); "
                        + "give a folder holding the files",
                result.output().strip());
    }

    @Test
    void cifarScriptRejectsATarballThatIsNotThePublishedOne() throws Exception {
        Path tarball = Files.writeString(temp.resolve("cifar-10-binary.tar.gz"), "not the tarball");
        Result result = run("cifar10.sh", temp.toString());
        assertEquals(1, result.code(), result.output());
        assertTrue(result.output().startsWith("cifar10.sh: error: " + tarball + ": SHA-256 "), result.output());
        assertTrue(result.output().contains("nothing was unpacked"), result.output());
    }

    @Test
    void cifarScriptNeverMixesWithAPartialFolder() throws Exception {
        Path dest = Files.createDirectories(temp.resolve("data/cifar10"));
        Files.write(dest.resolve("data_batch_1.bin"), new byte[30730000]);
        Result result = run("cifar10.sh");
        assertEquals(1, result.code(), result.output());
        assertTrue(result.output().contains("holds only 1 of the six batch files"), result.output());
    }

    @Test
    void cifar100ScriptRejectsATarballThatIsNotThePublishedOne() throws Exception {
        Path tarball = Files.writeString(temp.resolve("cifar-100-binary.tar.gz"), "not the tarball");
        Result result = run("cifar100.sh", temp.toString());
        assertEquals(1, result.code(), result.output());
        assertTrue(result.output().startsWith("cifar100.sh: error: " + tarball + ": SHA-256 "), result.output());
        assertTrue(
                result.output()
                        .contains(
                                "does not match the published "
                                        + "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec; nothing was unpacked"),
                result.output());
        assertFalse(Files.exists(temp.resolve("data/cifar100")), "the empty target folder is removed");
    }

    @Test
    void cifar100ScriptNeverReplacesAFileOfTheWrongSize() throws Exception {
        Path dest = Files.createDirectories(temp.resolve("data/cifar100"));
        Path mine = Files.write(dest.resolve("test.bin"), new byte[3074]);
        Result result = run("cifar100.sh");
        assertEquals(1, result.code(), result.output());
        assertEquals(
                "cifar100.sh: error: " + mine + " is already there but is not 30740000 bytes; it was left as "
                        + "it is (move it away and run again)",
                result.output().strip());
        assertEquals(3074, Files.size(mine));
    }
}
