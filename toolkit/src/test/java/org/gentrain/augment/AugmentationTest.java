package org.gentrain.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every augmentation: shape, what it changes, and reproducibility from a seed. */
class AugmentationTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** {@code n} images {@code [c, h, w]} of random values in [1, 2) (never 0). */
    private NDArray images(int n, int c, int h, int w) {
        return manager.randomUniform(1, 2, new Shape(n, c, h, w));
    }

    /** Image {@code i} filled with the value {@code i}; its label is {@code i} too. */
    private NDArray constantImages(int n, int h, int w) {
        return manager.arange(0, n, 1, DataType.FLOAT32)
                .reshape(n, 1, 1, 1)
                .broadcast(new Shape(n, 1, h, w))
                .duplicate();
    }

    private NDArray labels(int n) {
        return manager.arange(0, n, 1, DataType.INT64);
    }

    private static float[] image(float[] all, int i, int size) {
        return java.util.Arrays.copyOfRange(all, i * size, (i + 1) * size);
    }

    private void assertReproducible(Supplier<Augmentation> make, NDArray input) {
        Augmentation a = make.get();
        Augmentation b = make.get();
        a.reseed(42);
        b.reseed(42);
        float[] first =
                a.apply(input, labels((int) input.getShape().get(0))).images().toFloatArray();
        float[] second =
                b.apply(input, labels((int) input.getShape().get(0))).images().toFloatArray();
        assertArrayEquals(first, second, 0f, "same seed, same output");
        b.reseed(43);
        float[] third =
                b.apply(input, labels((int) input.getShape().get(0))).images().toFloatArray();
        assertFalse(java.util.Arrays.equals(first, third), "another seed, another output");
        assertEquals(
                input.getShape(),
                a.apply(input, labels((int) input.getShape().get(0))).images().getShape());
    }

    @Test
    void cutoutInsideErasesExactlySizeSquaredPixelsOnEveryChannel() {
        NDArray input = images(50, 3, 12, 12);
        Augmented out = Cutout.builder().setSize(5).optInside(true).build().apply(input, labels(50));
        assertEquals(input.getShape(), out.images().getShape());
        long[] zeros = out.images().eq(0).sum(new int[] {1, 2, 3}).toLongArray();
        for (long z : zeros) {
            assertEquals(3 * 25, z);
        }
        NDArray kept = out.images().neq(0);
        assertArrayEquals(
                input.get(kept).toFloatArray(),
                out.images().get(kept).toFloatArray(),
                0f,
                "every other pixel is unchanged");
    }

    @Test
    void clippedCutoutErasesOneRectangleWithSidesBetweenHalfAndFullSize() {
        int n = 200;
        NDArray input = images(n, 1, 10, 10);
        float[] out = Cutout.builder()
                .setSize(6)
                .build()
                .apply(input, labels(n))
                .images()
                .toFloatArray();
        boolean clipped = false;
        for (int i = 0; i < n; i++) {
            float[] img = image(out, i, 100);
            int rows = 0;
            int cols = 0;
            int count = 0;
            for (int y = 0; y < 10; y++) {
                boolean any = false;
                for (int x = 0; x < 10; x++) {
                    any |= img[y * 10 + x] == 0;
                    count += img[y * 10 + x] == 0 ? 1 : 0;
                }
                rows += any ? 1 : 0;
            }
            for (int x = 0; x < 10; x++) {
                boolean any = false;
                for (int y = 0; y < 10; y++) {
                    any |= img[y * 10 + x] == 0;
                }
                cols += any ? 1 : 0;
            }
            assertEquals(rows * cols, count, "a filled rectangle in image " + i);
            assertTrue(rows >= 3 && rows <= 6 && cols >= 3 && cols <= 6, rows + " x " + cols);
            clipped |= rows * cols < 36;
        }
        assertTrue(clipped, "some squares are clipped at the border");
    }

    @Test
    void cutoutIsReproducible() {
        assertReproducible(() -> Cutout.builder().setSize(3).build(), images(8, 1, 8, 8));
    }

    @Test
    void flippingTwiceIsTheIdentityAndOnceMirrorsEveryImage() {
        NDArray input = images(6, 2, 5, 7);
        Augmentation flip = HorizontalFlip.builder().optProbability(1).build();
        NDArray once = flip.apply(input, labels(6)).images();
        assertArrayEquals(input.flip(3).toFloatArray(), once.toFloatArray(), 0f);
        assertArrayEquals(
                input.toFloatArray(), flip.apply(once, labels(6)).images().toFloatArray(), 0f);
    }

    @Test
    void flipWithProbabilityOneHalfMirrorsAboutHalfTheImagesAndLeavesTheRest() {
        int n = 400;
        NDArray input = images(n, 1, 3, 4);
        float[] out = HorizontalFlip.builder()
                .build()
                .apply(input, labels(n))
                .images()
                .toFloatArray();
        float[] same = input.toFloatArray();
        float[] mirrored = input.flip(3).toFloatArray();
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            boolean isSame = java.util.Arrays.equals(image(out, i, 12), image(same, i, 12));
            boolean isMirror = java.util.Arrays.equals(image(out, i, 12), image(mirrored, i, 12));
            assertTrue(isSame ^ isMirror, "image " + i + " is either unchanged or mirrored");
            flipped += isMirror ? 1 : 0;
        }
        assertTrue(flipped > 160 && flipped < 240, flipped + " of " + n);
        assertReproducible(() -> HorizontalFlip.builder().build(), images(40, 1, 3, 4));
    }

    @Test
    void gaussianNoiseHasMeanZeroAndStandardDeviationSigma() {
        NDArray input = images(100, 1, 28, 28);
        NDArray noise = GaussianNoise.builder()
                .optSigma(0.5)
                .build()
                .apply(input, labels(100))
                .images()
                .sub(input);
        double mean = noise.mean().getFloat();
        double std = Math.sqrt(noise.sub(mean).square().mean().getFloat());
        // 78 400 draws: the mean's standard error is 0.5 / 280 = 0.0018
        assertEquals(0, mean, 0.008);
        assertEquals(0.5, std, 0.006);
        assertReproducible(() -> GaussianNoise.builder().build(), images(4, 1, 5, 5));
    }

    @Test
    void gaussianNoiseKeepsFloat64() {
        NDArray input = images(2, 1, 3, 3).toType(DataType.FLOAT64, false);
        assertEquals(
                DataType.FLOAT64,
                GaussianNoise.builder().build().apply(input, labels(2)).images().getDataType());
    }

    @Test
    void randomCropShiftsEachImageByAtMostThePaddingAndFillsWithZero() {
        int n = 30;
        int size = 6;
        int p = 2;
        NDArray input = images(n, 1, size, size);
        float[] in = input.toFloatArray();
        float[] out = RandomCrop.builder()
                .optPadding(p)
                .build()
                .apply(input, labels(n))
                .images()
                .toFloatArray();
        java.util.Set<String> shifts = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            float[] img = image(out, i, size * size);
            float[] src = image(in, i, size * size);
            String found = null;
            for (int dy = -p; dy <= p && found == null; dy++) {
                for (int dx = -p; dx <= p && found == null; dx++) {
                    boolean match = true;
                    for (int y = 0; y < size && match; y++) {
                        for (int x = 0; x < size && match; x++) {
                            int sy = y + dy;
                            int sx = x + dx;
                            float expected = sy >= 0 && sy < size && sx >= 0 && sx < size ? src[sy * size + sx] : 0;
                            match = img[y * size + x] == expected;
                        }
                    }
                    if (match) {
                        found = dy + "," + dx;
                    }
                }
            }
            assertTrue(found != null, "image " + i + " is a shifted copy");
            shifts.add(found);
        }
        assertTrue(shifts.size() > 5, "offsets vary: " + shifts);
        assertReproducible(() -> RandomCrop.builder().build(), images(8, 1, 8, 8));
    }

    @Test
    void mixupBlendsImagesAndTargetsWithTheSameWeights() {
        int n = 64;
        NDArray input = constantImages(n, 2, 2);
        Augmented out = Mixup.builder().build().apply(input, labels(n));
        NDArray probabilities = out.targets().probabilities(n);
        assertArrayEquals(
                manager.ones(new Shape(n)).toFloatArray(),
                probabilities.sum(new int[] {1}).toFloatArray(),
                1e-6f);
        // image i holds its label, so its mixed value is the mixed targets' mean label
        NDArray meanLabel =
                probabilities.mul(manager.arange(0, n, 1, DataType.FLOAT32)).sum(new int[] {1});
        assertArrayEquals(
                meanLabel.toFloatArray(), out.images().get(":, 0, 0, 0").toFloatArray(), 1e-4f);
        assertFalse(out.targets().isPlain());
        assertEquals(2, out.targets().labels().size());
        assertReproducible(() -> Mixup.builder().build(), constantImages(8, 2, 2));
    }

    @Test
    void cutMixPastesPartnerPixelsAndMixesTargetsByArea() {
        int n = 64;
        NDArray input = constantImages(n, 8, 8);
        Augmented out = CutMix.builder().build().apply(input, labels(n));
        NDArray probabilities = out.targets().probabilities(n);
        NDArray meanLabel =
                probabilities.mul(manager.arange(0, n, 1, DataType.FLOAT32)).sum(new int[] {1});
        NDArray meanPixel = out.images().reshape(n, -1).mean(new int[] {1});
        assertArrayEquals(meanLabel.toFloatArray(), meanPixel.toFloatArray(), 1e-4f);
        float[] pixels = out.images().toFloatArray();
        float[] weights = probabilities.toFloatArray();
        int mixed = 0;
        for (int i = 0; i < n; i++) {
            float[] img = image(pixels, i, 64);
            int own = 0;
            for (float v : img) {
                own += v == i ? 1 : 0;
            }
            assertEquals(weights[i * n + i], own / 64f, 1e-6f, "the own label's weight is the kept area, image " + i);
            mixed += own < 64 ? 1 : 0;
        }
        assertTrue(mixed > n / 2, mixed + " images received a box");
        assertReproducible(() -> CutMix.builder().build(), constantImages(8, 8, 8));
    }

    @Test
    void mixedTargetsGiveTheWeightedLoss() {
        NDArray input = constantImages(4, 2, 2);
        Augmented out = Mixup.builder().build().apply(input, labels(4));
        NDArray logits = manager.randomNormal(new Shape(4, 4));
        NDArray weighted = out.targets().perExample(y -> org.gentrain.train.CrossEntropy.perExample(logits, y));
        NDArray soft = out.targets()
                .probabilities(4)
                .mul(logits.logSoftmax(1))
                .sum(new int[] {1})
                .neg();
        assertArrayEquals(soft.toFloatArray(), weighted.toFloatArray(), 1e-5f);
    }

    @Test
    void aRangeOfRowsOfMixedTargetsIsTheSameAsSelectingThoseRows() {
        Targets mixed = Mixup.builder()
                .build()
                .apply(constantImages(6, 2, 2), labels(6))
                .targets();
        Targets range = mixed.rows(2, 5);
        Targets selected = mixed.select(manager.arange(2L, 5L, 1L, DataType.INT64));
        NDArray logits = manager.randomNormal(new Shape(3, 6));
        assertArrayEquals(
                selected.perExample(y -> org.gentrain.train.CrossEntropy.perExample(logits, y))
                        .toFloatArray(),
                range.perExample(y -> org.gentrain.train.CrossEntropy.perExample(logits, y))
                        .toFloatArray(),
                0f);
        assertEquals(3, range.labels().get(0).getShape().get(0));
    }

    @Test
    void chainAppliesInOrderAndReseedsEachPart() {
        Supplier<Augmentation> chain = () -> HorizontalFlip.builder()
                .optProbability(1)
                .build()
                .then(Cutout.builder().setSize(2).optInside(true).build());
        Augmentation a = chain.get();
        assertEquals("flip+cutout", a.name());
        NDArray input = images(5, 1, 6, 6);
        NDArray out = a.apply(input, labels(5)).images();
        assertEquals(5 * 4, out.eq(0).sum().getLong());
        assertReproducible(chain, input);
        assertEquals(
                "crop+flip+cutout",
                AugmentationCatalog.parse("crop+flip+cutout", org.gentrain.train.ArmOptions.defaults())
                        .name());
    }

    @Test
    void aCutoutLargerThanTheImagesIsRejectedFromTheirShapeAloneEvenInAChain() {
        Augmentation cutout = Cutout.builder().setSize(29).build();
        assertEquals(
                "cutout size must be in [1, 28] for 28 x 28 images, was 29",
                assertThrows(IllegalArgumentException.class, () -> cutout.checkImageShape(new Shape(1, 28, 28)))
                        .getMessage());
        Augmentation chain = HorizontalFlip.builder().build().then(cutout);
        assertThrows(IllegalArgumentException.class, () -> chain.checkImageShape(new Shape(3, 32, 20)));
        chain.checkImageShape(new Shape(3, 32, 32));
        Cutout.builder().setSize(28).build().checkImageShape(new Shape(1, 28, 28));
    }

    @Test
    void badSettingsAreRejectedWithTheirNameAndRange() {
        assertEquals(
                "sigma must be >= 0, was -0.1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> GaussianNoise.builder().optSigma(-0.1).build())
                        .getMessage());
        assertEquals(
                "cutout size must be in [1, 28], was 29",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Cutout.builder()
                                        .setSize(29)
                                        .optImageSize(28, 28)
                                        .build())
                        .getMessage());
        assertEquals(
                "cutout size must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Cutout.builder().setSize(0).build())
                        .getMessage());
        assertEquals(
                "cutout size must be in [1, 6] for 6 x 6 images, was 7",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Cutout.builder().setSize(7).build().apply(images(1, 1, 6, 6), labels(1)))
                        .getMessage());
        assertEquals(
                "flip probability must be in [0, 1], was 1.5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> HorizontalFlip.builder()
                                        .optProbability(1.5)
                                        .build())
                        .getMessage());
        assertEquals(
                "crop padding must be >= 0, was -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RandomCrop.builder().optPadding(-1).build())
                        .getMessage());
        assertEquals(
                "mixup alpha must be > 0, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Mixup.builder().optAlpha(0).build())
                        .getMessage());
        assertEquals(
                "cutmix alpha must be > 0, was -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> CutMix.builder().optAlpha(-1).build())
                        .getMessage());
    }
}
