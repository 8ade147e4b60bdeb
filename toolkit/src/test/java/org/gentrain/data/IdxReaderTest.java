package org.gentrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on generated good and corrupt files. */
class IdxReaderTest {

    @TempDir
    Path temp;

    private Path images(String name, int count) throws IOException {
        byte[] pixels = new byte[count * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 17);
        }
        Path file = temp.resolve(name);
        IdxWriter.writeImages(file, pixels, count, 2, 2);
        return file;
    }

    private Path labels(String name, byte... values) throws IOException {
        Path file = temp.resolve(name);
        IdxWriter.writeLabels(file, values);
        return file;
    }

    private String fault(Path images, Path labels) {
        return assertThrows(
                        DataFormatException.class,
                        () -> IdxReader.read(images, labels, 10, Normalization.FASHION_MNIST, "test"))
                .getMessage();
    }

    @Test
    void readsGzipAndPlainFilesAlikeWithNormalisedPixels() throws IOException {
        ImageSet gz = IdxReader.read(
                images("i.gz", 3),
                labels("l.gz", (byte) 0, (byte) 9, (byte) 4),
                10,
                Normalization.FASHION_MNIST,
                "test");
        ImageSet plain = IdxReader.read(
                images("i", 3), labels("l", (byte) 0, (byte) 9, (byte) 4), 10, Normalization.FASHION_MNIST, "test");
        assertEquals(3, gz.size());
        assertEquals(9, gz.label(1));
        assertEquals((17 / 255f - 0.2860f) / 0.3530f, gz.image(0)[1], 1e-6);
        assertArrayEquals(gz.image(2), plain.image(2));
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        Path labels = labels("l", new byte[8]);
        assertEquals(labels + ": wrong magic number 0x00000801, expected 0x00000803 (images)", fault(labels, labels));
    }

    @Test
    void truncatedImagesFileIsNamed() throws IOException {
        Path images = images("i", 3);
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 5));
        assertEquals(
                images + ": truncated: the header promises 3 images of 2 x 2 (28 bytes), the file has 23 bytes",
                fault(images, labels("l", (byte) 1, (byte) 2, (byte) 3)));
    }

    @Test
    void fileShorterThanItsHeaderIsNamed() throws IOException {
        Path images = temp.resolve("short");
        Files.write(images, new byte[] {0, 0, 8});
        assertEquals(
                images + ": truncated: 3 bytes, shorter than the 16-byte IDX header",
                fault(images, labels("l", (byte) 1)));
    }

    @Test
    void countsThatDifferAreNamed() throws IOException {
        Path images = images("i", 3);
        Path labels = labels("l", (byte) 1, (byte) 2);
        assertEquals(labels + ": holds 2 labels but " + images + " holds 3 images", fault(images, labels));
    }

    @Test
    void labelOutsideTheClassesIsNamed() throws IOException {
        Path labels = labels("l", (byte) 1, (byte) 12);
        assertEquals(labels + ": label 12 at index 1 is outside [0, 10)", fault(images("i", 2), labels));
    }

    @Test
    void corruptGzipIsNamed() throws IOException {
        Path images = images("i.gz", 2);
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, 12));
        String message = fault(images, labels("l", (byte) 1, (byte) 2));
        assertEquals(images + ": corrupt gzip data", message.substring(0, message.indexOf(" (")));
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path images = temp.resolve("absent");
        assertEquals(images + ": no such file", fault(images, labels("l", (byte) 1)));
    }
}
