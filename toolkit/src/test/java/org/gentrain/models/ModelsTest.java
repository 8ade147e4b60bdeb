package org.gentrain.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every model gives one row of logits per example and has the number of trainable parameters its
 * layout implies, computed here layer by layer from the papers' descriptions.
 */
class ModelsTest {

    private static final Shape CIFAR = new Shape(3, 32, 32);

    // ---- parameter counts by formula ----

    private static long conv(int kernel, long in, long out) {
        return (long) kernel * kernel * in * out;
    }

    private static long bn(long channels) {
        return 2 * channels;
    }

    private static long linear(long in, long out, boolean bias) {
        return in * out + (bias ? out : 0);
    }

    /** Pre-activation basic block: BN, conv, BN, conv, and a 1x1 projection where the shape changes. */
    private static long preActBlock(long in, long out, int stride) {
        long projection = stride != 1 || in != out ? conv(1, in, out) : 0;
        return bn(in) + conv(3, in, out) + bn(out) + conv(3, out, out) + projection;
    }

    private static long preActNet(
            long channels, int stem, int[] widths, int[] blocks, int[] strides, boolean finalBn, int classes) {
        long count = conv(3, channels, stem);
        long in = stem;
        for (int s = 0; s < widths.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                count += preActBlock(in, widths[s], b == 0 ? strides[s] : 1);
                in = widths[s];
            }
        }
        return count + (finalBn ? bn(in) : 0) + linear(in, classes, true);
    }

    private static long preActResNet18(long channels, int classes) {
        return preActNet(
                channels,
                64,
                new int[] {64, 128, 256, 512},
                new int[] {2, 2, 2, 2},
                new int[] {1, 2, 2, 2},
                false,
                classes);
    }

    private static long wideResNet(long channels, int depth, int k, int classes) {
        int n = (depth - 4) / 6;
        return preActNet(
                channels,
                16,
                new int[] {16 * k, 32 * k, 64 * k},
                new int[] {n, n, n},
                new int[] {1, 2, 2},
                true,
                classes);
    }

    /** Post-activation CIFAR ResNet with option A (parameter-free) shortcuts. */
    private static long cifarResNet(long channels, int depth, int classes) {
        int n = (depth - 2) / 6;
        long count = conv(3, channels, 16) + bn(16);
        long in = 16;
        for (int width : new int[] {16, 32, 64}) {
            for (int b = 0; b < n; b++) {
                count += conv(3, in, width) + bn(width) + conv(3, width, width) + bn(width);
                in = width;
            }
        }
        return count + linear(64, classes, true);
    }

    private static long vgg(Shape image, int layers, int[] widths, int features, int classes) {
        long count = 0;
        long in = image.get(0);
        for (int width : widths) {
            for (int l = 0; l < layers; l++) {
                count += conv(3, in, width) + bn(width);
                in = width;
            }
        }
        long side = 1L << widths.length;
        long fcKernel = (image.get(1) / side) * (image.get(2) / side);
        return count + fcKernel * in * features + linear(features, classes, false);
    }

    private static long smallCnn(Shape image, int classes) {
        long flat = 64 * (image.get(1) / 4) * (image.get(2) / 4);
        return conv(3, image.get(0), 32)
                + 32
                + bn(32)
                + conv(3, 32, 64)
                + 64
                + bn(64)
                + linear(flat, 128, true)
                + linear(128, classes, true);
    }

    private static long mlp(Shape image, int classes) {
        return linear(image.size(), 256, true) + linear(256, 128, true) + linear(128, classes, true);
    }

    private static long expected(String name, Shape image, int classes) {
        long c = image.get(0);
        switch (name) {
            case "smallcnn":
                return smallCnn(image, classes);
            case "mlp":
                return mlp(image, classes);
            case "preact-resnet18":
                return preActResNet18(c, classes);
            case "resnet20":
                return cifarResNet(c, 20, classes);
            case "resnet56":
                return cifarResNet(c, 56, classes);
            case "resnet110":
                return cifarResNet(c, 110, classes);
            case "wrn-16-4":
                return wideResNet(c, 16, 4, classes);
            case "wrn-28-10":
                return wideResNet(c, 28, 10, classes);
            case "vgg9":
                return vgg(image, 3, new int[] {64, 128, 256}, 256, classes);
            case "vgg6":
                return vgg(image, 2, new int[] {32, 64, 128}, 128, classes);
            default:
                throw new AssertionError(name);
        }
    }

    @Test
    void everyListedModelHasTheParameterCountOfItsLayoutForTenAndHundredClasses() {
        for (String name : Models.names()) {
            // WRN-28-10 (36 M values, and as many gradients) once; the class count only changes the classifier
            for (int classes : name.equals("wrn-28-10") ? new int[] {100} : new int[] {10, 100}) {
                assertEquals(
                        expected(name, CIFAR, classes),
                        Models.parameterCount(name, CIFAR, classes),
                        name + " with " + classes + " classes");
            }
        }
    }

    @Test
    void theLayoutsHaveThePublishedSizes() {
        // PyTorch's count of the COT/HCOT authors' PreActResNet18(), and the papers' rounded sizes
        assertEquals(11_171_146, expected("preact-resnet18", CIFAR, 10));
        assertEquals(0.27e6, expected("resnet20", CIFAR, 10), 0.005e6);
        assertEquals(0.85e6, expected("resnet56", CIFAR, 10), 0.005e6);
        assertEquals(1.7e6, expected("resnet110", CIFAR, 10), 0.05e6);
        assertEquals(36.5e6, expected("wrn-28-10", CIFAR, 10), 0.05e6);
        assertEquals(2.7e6, expected("wrn-16-4", CIFAR, 10), 0.05e6);
    }

    @Test
    void familiesAcceptAnyValidDepthAndOtherImageShapes() {
        Shape gray = new Shape(1, 28, 28);
        assertEquals(cifarResNet(1, 32, 7), Models.parameterCount("resnet32", gray, 7));
        assertEquals(wideResNet(1, 10, 2, 7), Models.parameterCount("WRN-10-2", gray, 7));
        assertEquals(
                vgg(new Shape(1, 24, 40), 3, new int[] {64, 128, 256}, 256, 5),
                Models.parameterCount("vgg9", new Shape(1, 24, 40), 5));
        assertEquals(smallCnn(gray, 10), Models.parameterCount("smallcnn", gray, 10));
    }

    @Test
    void everyListedModelGivesOneRowOfLogitsPerExample() {
        for (String name : Models.names()) {
            if (name.equals("wrn-28-10")) {
                // 5 G multiply-adds per image: its shapes only (same code as wrn-16-4, which runs)
                Shape input = new Shape(2).addAll(CIFAR);
                assertEquals(new Shape(2, 10), Models.create(name, CIFAR, 10).getOutputShapes(new Shape[] {input})[0]);
            } else {
                assertLogits(Models.create(name, CIFAR, 10), CIFAR, 2, 10);
            }
        }
    }

    @Test
    void residualNetworksTakeOddAndSmallImages() {
        // odd sides: option A's subsampling and the stride-2 convolutions both give ceil(H / 2)
        assertLogits(Models.create("resnet8", new Shape(2, 17, 23), 4), new Shape(2, 17, 23), 3, 4);
        assertLogits(Models.create("resnet8", new Shape(3, 17, 23), 4), new Shape(3, 17, 23), 3, 4);
        assertLogits(Models.create("wrn-10-1", new Shape(1, 9, 9), 3), new Shape(1, 9, 9), 3, 3);
        assertLogits(Models.create("preact-resnet18", new Shape(1, 5, 7), 3), new Shape(1, 5, 7), 2, 3);
        assertLogits(Models.create("vgg6", new Shape(3, 13, 8), 3), new Shape(3, 13, 8), 2, 3);
    }

    @Test
    void everyConvolutionOfTheResidualNetworksIsAChildOfASequentialBlock() {
        for (String name : List.of("preact-resnet18", "resnet20", "wrn-16-4", "vgg9")) {
            Block model = Models.create(name, CIFAR, 10);
            int[] counts = new int[2];
            countConvolutions(model, false, counts);
            assertTrue(counts[0] > 0, name);
            assertEquals(counts[0], counts[1], name + ": convolutions outside a SequentialBlock");
        }
    }

    private static void countConvolutions(Block block, boolean inSequential, int[] counts) {
        if (block instanceof Conv2d) {
            counts[0]++;
            counts[1] += inSequential ? 1 : 0;
            return;
        }
        for (Block child : block.getChildren().values()) {
            countConvolutions(child, block instanceof SequentialBlock, counts);
        }
    }

    @Test
    void savedParametersOfAResidualNetworkLoadIntoAFreshOneWithTheSameOutputs() throws Exception {
        Shape input = new Shape(2, 3, 8, 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(1);
            Block saved = Models.create("wrn-10-1", CIFAR, 3);
            saved.initialize(manager, DataType.FLOAT32, input);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            saved.saveParameters(new java.io.DataOutputStream(bytes));
            manager.getEngine().setRandomSeed(2);
            Block loaded = Models.create("wrn-10-1", CIFAR, 3);
            loaded.initialize(manager, DataType.FLOAT32, input);
            loaded.loadParameters(
                    manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            NDArray x = manager.randomNormal(input);
            ParameterStore store = new ParameterStore(manager, false);
            float[] expected = saved.forward(store, new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float[] actual = loaded.forward(store, new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 0f);
        }
    }

    @Test
    void residualBlocksExposeTheirBatchNormsToATreeSearch() {
        Block block = ((SequentialBlock) Models.create("resnet20", CIFAR, 10))
                .getChildren()
                .get(2)
                .getValue();
        ResidualBlock first = (ResidualBlock) block.getChildren().get(0).getValue();
        assertTrue(BlockSearch.contains(first, BatchNorm.class));
        assertEquals(null, first.shortcut());
        assertFalse(first.shortcutOfPreactivation());
    }

    @Test
    void badNamesDepthsAndWidthsAreRejectedInOneLineNamingTheAllowedValues() {
        assertOneLine(
                "CIFAR ResNet depth must be 6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...), was 21",
                () -> Models.create("resnet21", CIFAR, 10));
        assertOneLine(
                "WideResNet depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, 40, ...), was 27",
                () -> Models.create("wrn-27-10", CIFAR, 10));
        assertOneLine("widen factor must be >= 1, was 0", () -> Models.create("wrn-28-0", CIFAR, 10));
        assertOneLine("classes must be >= 1, was 0", () -> Models.create("resnet20", CIFAR, 0));
        assertOneLine(
                "a VGG-like network of 3 stages needs images C x H x W with H, W >= 8, was (1, 4, 32)",
                () -> Models.create("vgg9", new Shape(1, 4, 32), 10));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Models.create("resnet-20", CIFAR, 10));
        assertEquals("model must be one of " + Models.allowedNames() + "; was 'resnet-20'", unknown.getMessage());
        assertFalse(unknown.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> Models.description("vgg11"));
    }

    private static void assertOneLine(String message, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    private static void assertLogits(Block model, Shape image, int batch, int classes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            Shape input = new Shape(batch).addAll(image);
            model.initialize(manager, DataType.FLOAT32, input);
            assertEquals(new Shape(batch, classes), model.getOutputShapes(new Shape[] {input})[0]);
            NDArray x = manager.randomNormal(input);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray logits = model.forward(store, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(batch, classes), logits.getShape());
            assertTrue(logits.isInfinite().logicalOr(logits.isNaN()).none().getBoolean());
        }
    }
}
