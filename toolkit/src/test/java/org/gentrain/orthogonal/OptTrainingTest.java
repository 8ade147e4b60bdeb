package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.models.BlockSearch;
import org.gentrain.models.Initialization;
import org.gentrain.models.Mlp;
import org.gentrain.models.SmallCnn;
import org.gentrain.testing.Arms;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Checkpoint;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OPT through the training loop: what stays fixed, what stays orthogonal, what a checkpoint keeps. */
class OptTrainingTest {

    private static final ImageSet DATA = SyntheticImages.squares(400, 12, 4, 3);

    @TempDir
    Path dir;

    static OptTransform transform(String method) {
        return OptTransform.of(method, ArmOptions.defaults().with("block-size", 8));
    }

    /** A SmallCNN in miniature (4 and 8 filters, fan-ins 9 and 36), so that 100 steps take little time. */
    static SequentialBlock tinyCnn() {
        SequentialBlock block = new SequentialBlock();
        for (int filters : new int[] {4, 8}) {
            block.add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(filters)
                            .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)));
        }
        block.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(4).build());
        block.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
        return block;
    }

    private static Learner learner(Block model, OptTransform transform, long seed) {
        return Learner.builder()
                .setModel(model)
                .setInputShape(DATA.imageShape())
                .optRecipe(Recipe.erm().with(transform))
                .optSeed(seed)
                .optBatchSize(16)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gs", "cayley", "householder", "lowdin", "ogd", "soft", "stochastic"})
    void hundredStepsKeepQOrthogonalEnergyUnchangedAndW0Fixed(String method) {
        OptTransform transform = transform(method);
        try (Learner learner = learner(tinyCnn(), transform, 5)) {
            List<OrthogonalLayer> layers = transform.layers(learner);
            assertEquals(2, layers.size());
            List<float[]> w0 = new ArrayList<>();
            List<Double> energies = new ArrayList<>();
            for (OrthogonalLayer layer : layers) {
                w0.add(layer.fixedNeurons().getArray().toFloatArray());
                energies.add(energy(layer.neurons().toFloatArray(), layer.units()));
            }
            EpochResult first = learner.trainEpoch(DATA);
            EpochResult last = first;
            while (learner.globalStep() < 100) {
                last = learner.trainEpoch(DATA);
            }
            assertEquals(100, learner.globalStep());
            assertTrue(
                    last.meanLoss() < first.meanLoss(),
                    method + " lowers the loss: " + first.meanLoss() + " -> " + last.meanLoss());
            for (int i = 0; i < layers.size(); i++) {
                OrthogonalLayer layer = layers.get(i);
                assertArrayEquals(w0.get(i), layer.fixedNeurons().getArray().toFloatArray(), 0f, "W0 never changes");
                double error = Orthogonality.error(layer.q());
                double energy = energy(layer.neurons().toFloatArray(), layer.units());
                double drift = Math.abs(energy - energies.get(i)) / energies.get(i);
                System.out.printf("%s layer %d: max|QQ^T - I| = %.3g, energy drift %.3g%n", method, i, error, drift);
                if (method.equals("soft")) {
                    assertTrue(Double.isFinite(error) && error < 0.5, "soft OPT stays near orthogonal: " + error);
                } else {
                    assertTrue(error < 1e-4, method + " layer " + i + ": max|QQ^T - I| = " + error);
                    assertTrue(drift < 1e-4, method + " layer " + i + ": energy drift " + drift);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cayley", "ogd", "stochastic", "soft"})
    void restoredCheckpointReproducesOutputsExactly(String method) {
        Path file = dir.resolve(method + ".ckpt");
        float[] expected;
        NDArray batch;
        try (NDManager manager = NDManager.newBaseManager()) {
            try (Learner learner = learner(tinyCnn(), transform(method), 11)) {
                learner.trainEpoch(DATA, 6);
                Checkpoint.save(learner, file);
                batch = DATA.imagesArray(manager);
                expected = learner.forward(new NDList(batch), false)
                        .singletonOrThrow()
                        .toFloatArray();
            }
            try (Learner restored = learner(tinyCnn(), transform(method), 12)) {
                float[] before = restored.forward(new NDList(batch), false)
                        .singletonOrThrow()
                        .toFloatArray();
                assertFalse(java.util.Arrays.equals(expected, before), "another seed gives other outputs");
                Checkpoint.restore(restored, file);
                float[] actual = restored.forward(new NDList(batch), false)
                        .singletonOrThrow()
                        .toFloatArray();
                assertArrayEquals(expected, actual, 0f);
            }
        }
    }

    @Test
    void fixedNeuronsAreNotTrainableParameters() {
        OptTransform transform = transform("cayley");
        try (Learner learner = learner(tinyCnn(), transform, 1)) {
            for (OrthogonalLayer layer : transform.layers(learner)) {
                assertFalse(learner.trainableParameters().contains(layer.fixedNeurons()));
                assertTrue(learner.trainableParameters().contains(layer.rotation()));
            }
        }
    }

    @Test
    void smallCnnHasItsConvolutionsReplacedAndItsLinearLayersKept() {
        OptTransform transform = transform("gs");
        Block model = transform.apply(SmallCnn.create(4));
        List<Block> children = new ArrayList<>(model.getChildren().values());
        assertTrue(children.get(0) instanceof OrthogonalConv2d);
        assertTrue(children.get(4) instanceof OrthogonalConv2d);
        assertTrue(children.get(9) instanceof Linear);
        assertTrue(children.get(11) instanceof Linear);
        assertEquals(2, BlockSearch.find(model, OrthogonalLayer.class).size());
    }

    @Test
    void layersAllReplacesEveryLayerButTheClassifierUnlessAskedTo() {
        OptTransform all = OptTransform.builder()
                .setMethod(MappedOpt.of(new Cayley()))
                .optLayers(OptTransform.Layers.ALL)
                .build();
        assertEquals(
                3,
                BlockSearch.find(all.apply(SmallCnn.create(4)), OrthogonalLayer.class)
                        .size());
        OptTransform withClassifier = OptTransform.builder()
                .setMethod(MappedOpt.of(new Cayley()))
                .optLayers(OptTransform.Layers.ALL)
                .optClassifier(true)
                .build();
        assertEquals(
                4,
                BlockSearch.find(withClassifier.apply(SmallCnn.create(4)), OrthogonalLayer.class)
                        .size());
    }

    @Test
    void nestedMlpTrainsWithItsHiddenLinearLayersOverParameterised() {
        SequentialBlock nested = new SequentialBlock().add(new SequentialBlock().add(Mlp.create(4, 24, 16)));
        OptTransform transform = transform("cayley");
        try (Learner learner = learner(nested, transform, 2)) {
            assertEquals(2, transform.layers(learner).size());
            assertEquals(144, transform.layers(learner).get(0).dims());
            assertEquals(24, transform.layers(learner).get(1).dims());
            EpochResult result = learner.trainEpoch(DATA, 20);
            assertTrue(Float.isFinite((float) result.meanLoss()));
            for (OrthogonalLayer layer : transform.layers(learner)) {
                assertTrue(Orthogonality.error(layer.q()) < 1e-4);
            }
        }
    }

    @Test
    void stochasticBlocksAreSeededFromTheRun() {
        List<float[]> runs = new ArrayList<>();
        for (long seed : new long[] {4, 4, 5}) {
            OptTransform transform = transform("stochastic");
            try (Learner learner = learner(tinyCnn(), transform, seed)) {
                learner.trainEpoch(DATA, 3);
                runs.add(transform
                        .layers(learner)
                        .get(1)
                        .accumulated()
                        .getArray()
                        .toFloatArray());
            }
        }
        assertArrayEquals(runs.get(0), runs.get(1), 0f);
        assertFalse(java.util.Arrays.equals(runs.get(0), runs.get(2)));
    }

    @Test
    void softStepAddsTheGradientOfTheWeightedOrthogonalityPenalty() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray r = manager.randomNormal(new ai.djl.ndarray.types.Shape(5, 5));
            r.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector collector =
                    manager.getEngine().newGradientCollector()) {
                collector.backward(OrthogonalityPenalty.of(r).mul(manager.create(0.3f)));
            }
            float[] expected = r.getGradient().toFloatArray();
            assertArrayEquals(expected, SoftOpt.penaltyGradient(r, 0.3f).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void everyOptArmNamesItsTransform() {
        for (String method : List.of("gs", "cayley", "householder", "lowdin", "ogd", "soft", "stochastic")) {
            Recipe recipe = Arms.recipe("erm+opt-" + method, ArmOptions.defaults());
            assertEquals("erm+opt-" + method, recipe.name());
            assertEquals(
                    method, ((OptTransform) recipe.transforms().get(0)).method().name());
        }
        assertEquals(
                "arm 'opt-gs': classifier must be one of train, opt, was 'yes'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "opt-gs", ArmOptions.defaults().with("classifier", "yes")))
                        .getMessage());
        assertEquals(
                "arm 'opt-gs': layers must be one of conv, all, was 'some'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Arms.recipe(
                                        "opt-gs", ArmOptions.defaults().with("layers", "some")))
                        .getMessage());
    }

    @Test
    void badSettingsAreRejectedWithTheirValues() {
        assertEquals(
                "block-size must be >= 2, was 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> StochasticOpt.builder().optBlockSize(1).build())
                        .getMessage());
        assertEquals(
                "orthogonalizer must be set, was null",
                assertThrows(IllegalArgumentException.class, () -> MappedOpt.of(null))
                        .getMessage());
        assertEquals(
                "penalty must be a finite number >= 0, was -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SoftOpt.builder().optPenalty(-1f).build())
                        .getMessage());
        assertEquals(
                "method must be set, was null",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> OptTransform.builder().build())
                        .getMessage());
    }

    /**
     * Euclidean hyperspherical energy of power 2 over pairs {@code i < j}, divided by the number of
     * pairs: neurons normalised by {@code sqrt(|w|^2 + 1e-4)}, {@code d2 = 2 - 2 cos}, energy {@code 1 / d2}.
     */
    static double energy(float[] neurons, int n) {
        int d = neurons.length / n;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += (double) neurons[i * d + k] * neurons[i * d + k];
            }
            norms[i] = Math.sqrt(s + 1e-4);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += (double) neurons[i * d + k] * neurons[j * d + k];
                }
                sum += 1 / (2 - 2 * dot / (norms[i] * norms[j]));
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }
}
