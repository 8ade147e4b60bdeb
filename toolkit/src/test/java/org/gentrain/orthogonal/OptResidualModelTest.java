package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.ImageSet;
import org.gentrain.models.BlockSearch;
import org.gentrain.models.CifarResNet;
import org.gentrain.models.PreActResNet;
import org.gentrain.models.WideResNet;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.testing.TinyResidualNet;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Learner;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OPT on a model with residual branches, and on models it cannot rewrite. */
class OptResidualModelTest {

    private static final ImageSet DATA = SyntheticImages.squares(64, 8, 4, 5);

    private static Learner learner(Block model, String method) {
        return Learner.builder()
                .setModel(model)
                .setInputShape(DATA.imageShape())
                .optRecipe(Recipe.erm()
                        .with(OptTransform.of(method, ArmOptions.defaults().with("block-size", 3))))
                .optSeed(8)
                .optBatchSize(16)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cayley", "ogd", "stochastic"})
    void everyConvolutionIsRewrittenAndKeepsItsEnergyWhileTraining(String method) {
        try (Learner learner = learner(TinyResidualNet.create(4), method)) {
            OptTransform transform =
                    (OptTransform) learner.recipe().transforms().get(0);
            List<OrthogonalLayer> layers = transform.layers(learner);
            assertEquals(TinyResidualNet.CONVOLUTIONS, layers.size());
            assertEquals(
                    TinyResidualNet.CONVOLUTIONS,
                    BlockSearch.find(learner.block(), OrthogonalConv2d.class).size());
            assertEquals(List.of(), BlockSearch.find(learner.block(), Conv2d.class), "no plain convolution is left");
            assertEquals(1, BlockSearch.find(learner.block(), Linear.class).size(), "the classifier trains normally");
            assertEquals(
                    List.of(9, 36, 36, 36, 72, 4),
                    layers.stream().map(OrthogonalLayer::dims).toList());
            List<float[]> before = new ArrayList<>();
            for (OrthogonalLayer layer : layers) {
                before.add(layer.neurons().toFloatArray());
            }
            for (int epoch = 0; epoch < 2; epoch++) {
                assertTrue(Double.isFinite(learner.trainEpoch(DATA, 2).meanLoss()));
            }
            for (int i = 0; i < layers.size(); i++) {
                OrthogonalLayer layer = layers.get(i);
                float[] after = layer.neurons().toFloatArray();
                assertFalse(java.util.Arrays.equals(before.get(i), after), method + " conv " + i + " has moved");
                double e0 = OptTrainingTest.energy(before.get(i), layer.units());
                double e1 = OptTrainingTest.energy(after, layer.units());
                assertEquals(e0, e1, 1e-4 * e0, method + " conv " + i + ": hyperspherical energy stays " + e0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cifar-resnet-8", "preact-resnet-18", "wrn-10-1"})
    void everyConvolutionOfTheProjectsResidualNetworksIsRewritten(String network) {
        Block model = switch (network) {
            case "cifar-resnet-8" -> CifarResNet.create(8, 4);
            case "preact-resnet-18" -> PreActResNet.resNet18(4);
            default -> WideResNet.create(10, 1, 4);
        };
        int convolutions = BlockSearch.find(model, Conv2d.class).size();
        Block rewritten = OptTransform.of("cayley", ArmOptions.defaults()).apply(model);
        assertEquals(
                convolutions,
                BlockSearch.find(rewritten, OrthogonalConv2d.class).size(),
                network);
        assertEquals(List.of(), BlockSearch.find(rewritten, Conv2d.class), network + ": no plain convolution is left");
    }

    @Test
    void aModelWithoutConvolutionsOrLinearLayersIsRejectedBeforeTrainingNamingIt() {
        SequentialBlock model =
                new SequentialBlock().add(BatchNorm.builder().build()).add(Blocks.batchFlattenBlock());
        assertEquals(
                "opt-cayley found no convolution or linear layer to rewrite in model "
                        + "'SequentialBlock[01BatchNorm, 02LambdaBlock]'",
                assertThrows(IllegalArgumentException.class, () -> learner(model, "cayley"))
                        .getMessage());
    }

    @Test
    void aModelWhoseOnlyLayerIsTheClassifierIsRejectedUnlessTheClassifierIsRewritten() {
        SequentialBlock model = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
        assertEquals(
                "opt-ogd found no convolution or linear layer to rewrite in model "
                        + "'SequentialBlock[01LambdaBlock, 02Linear]' besides its classifier (classifier=opt rewrites that)",
                assertThrows(IllegalArgumentException.class, () -> learner(model, "ogd"))
                        .getMessage());
        OptTransform withClassifier =
                OptTransform.of("ogd", ArmOptions.defaults().with("classifier", "opt"));
        assertEquals(
                1,
                BlockSearch.find(withClassifier.apply(model), OrthogonalLinear.class)
                        .size());
    }

    @Test
    void aConvolutionInsideABlockThatCannotReplaceItIsAnErrorNotASilentSkip() {
        SequentialBlock model = new SequentialBlock()
                .add(new Opaque(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .setFilters(2)
                        .build()))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
        assertEquals(
                "opt-cayley cannot rewrite layer '01Opaque/01conv' of model "
                        + "'SequentialBlock[01Opaque, 02LambdaBlock, 03Linear]': its parent "
                        + "org.gentrain.orthogonal.OptResidualModelTest$Opaque is neither a SequentialBlock, "
                        + "a ParallelBlock nor a org.gentrain.models.ReplaceableChildren",
                assertThrows(IllegalArgumentException.class, () -> learner(model, "cayley"))
                        .getMessage());
    }

    /** A composite block that holds a convolution and offers no way to replace it. */
    private static final class Opaque extends AbstractBlock {
        private final Block conv;

        Opaque(Block conv) {
            this.conv = addChildBlock("conv", conv);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return conv.forward(store, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return conv.getOutputShapes(inputShapes);
        }
    }
}
