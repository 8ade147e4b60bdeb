package org.gentrain.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.gentrain.data.ImageSet;
import org.gentrain.data.Normalization;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.train.CrossEntropy;
import org.gentrain.train.Learner;
import org.junit.jupiter.api.Test;

/** Attacks against closed forms, finite differences and the invariants of projected iterations. */
class AttackTest {

    private static final PixelSpace SPACE = PixelSpace.of(PixelImages.NORMALIZATION);

    // A linear softmax model on 2 x 2 images: z = W x + b, x the normalised pixels (flattened).
    private static final float[][] W = {{0.8f, -0.5f, 0.3f, 0.1f}, {-0.2f, 0.6f, -0.7f, 0.4f}, {0.5f, 0.2f, 0.1f, -0.9f}
    };
    private static final float[] B = {0.1f, -0.2f, 0.05f};
    private static final double[][] PIXELS = {{0.25, 0.5, 0.7, 0.4}, {0.6, 0.3, 0.45, 0.75}, {0.35, 0.65, 0.55, 0.3}};
    private static final long[] LABELS = {0, 1, 2};

    private static Learner linearModel() {
        Learner learner = Learner.builder()
                .setModel(Mlp.create(3))
                .setInputShape(new Shape(1, 2, 2))
                .build();
        for (Pair<String, Parameter> pair : learner.block().getParameters()) {
            NDArray array = pair.getValue().getArray();
            if (array.getShape().dimension() == 2) {
                float[] flat = new float[12];
                for (int k = 0; k < 3; k++) {
                    System.arraycopy(W[k], 0, flat, 4 * k, 4);
                }
                array.set(FloatBuffer.wrap(flat));
            } else {
                array.set(FloatBuffer.wrap(B));
            }
        }
        return learner;
    }

    /** The gradient of -log softmax(W x + b)[y] with respect to the pixels: W^T (s - e_y) / std. */
    private static double[] closedFormPixelGradient(double[] pixels, int label) {
        Normalization n = PixelImages.NORMALIZATION;
        double[] x = new double[4];
        for (int j = 0; j < 4; j++) {
            x[j] = (pixels[j] - n.mean()) / n.std();
        }
        double[] z = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            z[k] = B[k];
            for (int j = 0; j < 4; j++) {
                z[k] += W[k][j] * x[j];
            }
            max = Math.max(max, z[k]);
        }
        double total = 0;
        double[] s = new double[3];
        for (int k = 0; k < 3; k++) {
            s[k] = Math.exp(z[k] - max);
            total += s[k];
        }
        double[] gradient = new double[4];
        for (int k = 0; k < 3; k++) {
            double residual = s[k] / total - (k == label ? 1 : 0);
            for (int j = 0; j < 4; j++) {
                gradient[j] += W[k][j] * residual / n.std();
            }
        }
        return gradient;
    }

    private static NDArray normalisedImages(NDManager manager, double[][] pixels) {
        float[] values = new float[pixels.length * 4];
        for (int i = 0; i < pixels.length; i++) {
            for (int j = 0; j < 4; j++) {
                values[4 * i + j] =
                        (float) ((pixels[i][j] - PixelImages.NORMALIZATION.mean()) / PixelImages.NORMALIZATION.std());
            }
        }
        return manager.create(values, new Shape(pixels.length, 1, 2, 2));
    }

    private static float[] expectedNormalised(double[][] adversarialPixels) {
        float[] expected = new float[adversarialPixels.length * 4];
        for (int i = 0; i < adversarialPixels.length; i++) {
            for (int j = 0; j < 4; j++) {
                expected[4 * i + j] = (float) ((adversarialPixels[i][j] - PixelImages.NORMALIZATION.mean())
                        / PixelImages.NORMALIZATION.std());
            }
        }
        return expected;
    }

    @Test
    void fgsmOnALinearSoftmaxModelStepsEpsAlongTheSignOfTheClosedFormGradient() {
        double eps = 0.1;
        double[][] adversarial = new double[3][4];
        for (int i = 0; i < 3; i++) {
            double[] g = closedFormPixelGradient(PIXELS[i], (int) LABELS[i]);
            for (int j = 0; j < 4; j++) {
                adversarial[i][j] = PIXELS[i][j] + eps * Math.signum(g[j]);
            }
        }
        try (Learner learner = linearModel();
                NDManager manager = learner.manager().newSubManager()) {
            Attack fgsm = Attack.fgsm()
                    .setEps(eps)
                    .optSelection(Attack.Selection.LAST)
                    .build();
            AttackResult result =
                    fgsm.run(TargetModel.of(learner, SPACE), normalisedImages(manager, PIXELS), manager.create(LABELS));
            assertArrayEquals(
                    expectedNormalised(adversarial), result.adversarial().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void l2FgsmStepsEpsAlongTheNormalisedClosedFormGradient() {
        double eps = 0.2;
        double[][] adversarial = new double[3][4];
        for (int i = 0; i < 3; i++) {
            double[] g = closedFormPixelGradient(PIXELS[i], (int) LABELS[i]);
            double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2] + g[3] * g[3]);
            for (int j = 0; j < 4; j++) {
                adversarial[i][j] = PIXELS[i][j] + eps * g[j] / norm;
            }
        }
        try (Learner learner = linearModel();
                NDManager manager = learner.manager().newSubManager()) {
            Attack fgm = Attack.fgsm()
                    .setEps(eps)
                    .optNorm(Attack.Norm.L2)
                    .optSelection(Attack.Selection.LAST)
                    .build();
            AttackResult result =
                    fgm.run(TargetModel.of(learner, SPACE), normalisedImages(manager, PIXELS), manager.create(LABELS));
            assertArrayEquals(
                    expectedNormalised(adversarial), result.adversarial().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void inputGradientOfTheLinearModelEqualsTheClosedForm() {
        try (Learner learner = linearModel();
                NDManager manager = learner.manager().newSubManager()) {
            float[] expected = new float[12];
            for (int i = 0; i < 3; i++) {
                double[] g = closedFormPixelGradient(PIXELS[i], (int) LABELS[i]);
                for (int j = 0; j < 4; j++) {
                    expected[4 * i + j] = (float) g[j];
                }
            }
            NDArray pixels = SPACE.toPixels(normalisedImages(manager, PIXELS));
            NDArray gradient = TargetModel.of(learner, SPACE)
                    .inputGradient(pixels, manager.create(LABELS))
                    .gradient();
            assertArrayEquals(expected, gradient.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferencesThroughConvBatchNormAndNormalisation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .setFilters(3)
                            .optPadding(new Shape(1, 1))
                            .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::tanh)
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(4).build());
            block.initialize(manager, DataType.FLOAT64, new Shape(2, 1, 4, 4));
            ParameterStore store = new ParameterStore(manager, false);
            SplittableRandom random = new SplittableRandom(3);
            double[] values = new double[2 * 16];
            for (int i = 0; i < values.length; i++) {
                values[i] = 0.1 + 0.8 * random.nextDouble();
            }
            NDArray pixels = manager.create(values, new Shape(2, 1, 4, 4));
            // One training-mode pass moves the batch norm's running statistics away from (0, 1).
            block.forward(store, new NDList(pixels.mul(3).sub(1)), true);
            NDArray labels = manager.create(new long[] {1, 3});
            TargetModel model = TargetModel.of(block, store, SPACE);
            double[] gradient = model.inputGradient(pixels, labels).gradient().toDoubleArray();
            assertTrue(java.util.Arrays.stream(gradient).map(Math::abs).max().orElse(0) > 1e-4, "a gradient to check");
            double h = 1e-6;
            for (int j = 0; j < values.length; j++) {
                double[] plus = values.clone();
                double[] minus = values.clone();
                plus[j] += h;
                minus[j] -= h;
                double difference =
                        (loss(model, manager, plus, labels) - loss(model, manager, minus, labels)) / (2 * h);
                assertEquals(difference, gradient[j], 1e-6 * Math.max(1, Math.abs(difference)), "pixel " + j);
            }
        }
    }

    @Test
    void inputGradientMatchesFiniteDifferencesThroughSmallCnn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = SmallCnn.create(4);
            block.initialize(manager, DataType.FLOAT64, new Shape(2, 1, 4, 4));
            ParameterStore store = new ParameterStore(manager, false);
            SplittableRandom random = new SplittableRandom(4);
            double[] values = new double[2 * 16];
            for (int i = 0; i < values.length; i++) {
                values[i] = 0.1 + 0.8 * random.nextDouble();
            }
            block.forward(
                    store,
                    new NDList(manager.create(values, new Shape(2, 1, 4, 4)).mul(2)),
                    true);
            NDArray labels = manager.create(new long[] {2, 0});
            TargetModel model = TargetModel.of(block, store, SPACE);
            double[] gradient = model.inputGradient(manager.create(values, new Shape(2, 1, 4, 4)), labels)
                    .gradient()
                    .toDoubleArray();
            assertTrue(java.util.Arrays.stream(gradient).map(Math::abs).max().orElse(0) > 1e-4, "a gradient to check");
            double h = 1e-6;
            for (int j = 0; j < values.length; j++) {
                double[] plus = values.clone();
                double[] minus = values.clone();
                plus[j] += h;
                minus[j] -= h;
                double difference =
                        (loss(model, manager, plus, labels) - loss(model, manager, minus, labels)) / (2 * h);
                assertEquals(difference, gradient[j], 1e-6 * Math.max(1, Math.abs(difference)), "pixel " + j);
            }
        }
    }

    private static double loss(TargetModel model, NDManager manager, double[] pixels, NDArray labels) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(pixels, new Shape(2, 1, 4, 4));
            return CrossEntropy.perExample(model.logitsOfPixels(input), labels)
                    .sum()
                    .getDouble();
        }
    }

    @Test
    void pgdIteratesStayInsideTheLinfBallAndTheUnitBox() {
        assertIteratesInsideBall(Attack.Norm.LINF, 0.1, 0.15);
    }

    @Test
    void pgdIteratesStayInsideTheL2BallAndTheUnitBox() {
        assertIteratesInsideBall(Attack.Norm.L2, 0.8, 0.6);
    }

    private static void assertIteratesInsideBall(Attack.Norm norm, double eps, double stepSize) {
        ImageSet images = PixelImages.squares(16, 8, 4, 11);
        try (Learner learner = Learner.builder()
                        .setModel(Mlp.create(4, 32))
                        .setInputShape(images.imageShape())
                        .optSeed(2)
                        .build();
                NDManager manager = learner.manager().newSubManager()) {
            TargetModel model = TargetModel.of(learner, SPACE);
            NDArray x = images.imagesArray(manager);
            NDArray y = images.labelsArray(manager);
            NDArray clean = SPACE.toPixels(x);
            double largestMove = 0;
            // The iterates of t steps from the same seed and step size are the first t of t + 1 steps.
            for (int steps = 1; steps <= 4; steps++) {
                Attack pgd = Attack.pgd()
                        .setEps(eps)
                        .optNorm(norm)
                        .optSteps(steps)
                        .optStepSize(stepSize)
                        .optSelection(Attack.Selection.LAST)
                        .build();
                NDArray pixels = SPACE.toPixels(pgd.run(model, x, y, 5).adversarial());
                assertTrue(pixels.min().getFloat() >= -1e-6f, "below 0 after " + steps + " steps");
                assertTrue(pixels.max().getFloat() <= 1 + 1e-6f, "above 1 after " + steps + " steps");
                NDArray offset = pixels.sub(clean).reshape(16, -1);
                float[] distances = norm == Attack.Norm.LINF
                        ? offset.abs().max(new int[] {1}).toFloatArray()
                        : offset.norm(new int[] {1}).toFloatArray();
                for (int i = 0; i < distances.length; i++) {
                    assertTrue(
                            distances[i] <= eps + 1e-5,
                            "image " + i + " at distance " + distances[i] + " after " + steps + " steps");
                    largestMove = Math.max(largestMove, distances[i]);
                }
            }
            assertTrue(largestMove > 0.9 * eps, "the iterates reach the ball's boundary: " + largestMove);
        }
    }

    @Test
    void attackLeavesParametersGradientsAndBatchNormStatisticsUnchanged() {
        ImageSet images = PixelImages.squares(64, 8, 4, 5);
        try (Learner learner = Learner.builder()
                        .setModel(SmallCnn.create(4))
                        .setInputShape(images.imageShape())
                        .optBatchSize(16)
                        .optSeed(3)
                        .build();
                NDManager manager = learner.manager().newSubManager()) {
            learner.trainEpoch(images);
            NDArray x = images.imagesArray(manager);
            NDArray y = images.labelsArray(manager);
            try (ai.djl.training.GradientCollector collector = learner.newGradientCollector()) {
                collector.backward(
                        CrossEntropy.mean(learner.forward(new NDList(x), true).singletonOrThrow(), y));
            }
            java.util.List<float[]> before = snapshot(learner);
            Attack.pgd().setEps(0.1).optSteps(3).build().run(TargetModel.of(learner, SPACE), x, y);
            Attack.mim()
                    .setEps(0.1)
                    .optSteps(3)
                    .optNorm(Attack.Norm.L2)
                    .build()
                    .run(TargetModel.of(learner, SPACE), x, y);
            java.util.List<float[]> after = snapshot(learner);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), 0f, "array " + i);
            }
            for (Parameter parameter : learner.trainableParameters()) {
                assertTrue(parameter.getArray().hasGradient(), parameter.getName() + " still requires a gradient");
            }
        }
    }

    /** Every parameter's values (running statistics included), then every trainable gradient. */
    private static java.util.List<float[]> snapshot(Learner learner) {
        java.util.List<float[]> arrays = new java.util.ArrayList<>();
        for (Pair<String, Parameter> pair : learner.block().getParameters()) {
            arrays.add(pair.getValue().getArray().toFloatArray());
        }
        for (Parameter parameter : learner.trainableParameters()) {
            arrays.add(parameter.getArray().getGradient().toFloatArray());
        }
        return arrays;
    }

    @Test
    void theSameSeedGivesTheSameAttackAndAnotherSeedAnotherStart() {
        ImageSet images = PixelImages.squares(8, 8, 4, 1);
        try (Learner learner = Learner.builder()
                        .setModel(Mlp.create(4, 32))
                        .setInputShape(images.imageShape())
                        .build();
                NDManager manager = learner.manager().newSubManager()) {
            NDArray x = images.imagesArray(manager);
            NDArray y = images.labelsArray(manager);
            Attack pgd = Attack.pgd()
                    .setEps(0.1)
                    .optSteps(2)
                    .optSelection(Attack.Selection.LAST)
                    .build();
            TargetModel model = TargetModel.of(learner, SPACE);
            float[] first = pgd.run(model, x, y, 9).adversarial().toFloatArray();
            assertArrayEquals(first, pgd.run(model, x, y, 9).adversarial().toFloatArray(), 0f);
            float[] other = pgd.run(model, x, y, 10).adversarial().toFloatArray();
            boolean differs = false;
            for (int i = 0; i < first.length && !differs; i++) {
                differs = first[i] != other[i];
            }
            assertTrue(differs);
        }
    }
}
