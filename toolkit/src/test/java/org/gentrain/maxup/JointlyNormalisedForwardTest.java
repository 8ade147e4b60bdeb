package org.gentrain.maxup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.gentrain.models.CifarResNet;
import org.gentrain.models.PreActResNet;
import org.gentrain.models.SmallCnn;
import org.gentrain.models.VggLikeNet;
import org.gentrain.models.WideResNet;
import org.junit.jupiter.api.Test;

/**
 * Scoring a batch chunk by chunk gives the outputs of one training-mode pass over the whole batch,
 * batch norms included.
 */
class JointlyNormalisedForwardTest {

    private static final int CHUNKS = 4;

    @Test
    void smallCnnChunkByChunkEqualsOnePassOverAllChunks() {
        assertChunkedEqualsWhole(SmallCnn.create(), new Shape(6, 1, 28, 28));
    }

    @Test
    void batchNormsWithPositiveScalesNormaliseAfterThePoolingToTheSameValues() {
        assertChunkedEqualsWhole(
                SmallCnn.create(),
                new Shape(6, 1, 28, 28),
                (manager, gamma) -> manager.randomUniform(0.5f, 2f, gamma.getShape()));
    }

    @Test
    void batchNormsWithNegativeScalesNormaliseBeforeThePooling() {
        // max(-x) is not -max(x): normalising after the pooling would give other values here
        assertChunkedEqualsWhole(
                SmallCnn.create(),
                new Shape(6, 1, 28, 28),
                (manager, gamma) -> manager.randomUniform(-2f, 2f, gamma.getShape()));
    }

    @Test
    void batchNormOnFeatureVectorsNormalisesWithAllChunks() {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(3).build());
        assertChunkedEqualsWhole(block, new Shape(5, 7));
    }

    @Test
    void aBatchNormInsideAnotherKindOfBlockRunsOnTheChunksTogether() {
        Block branches = new ParallelBlock(
                list -> new NDList(NDArrays.concat(
                        new NDList(list.get(0).head(), list.get(1).head()), 1)),
                List.of(
                        new SequentialBlock()
                                .add(Linear.builder().setUnits(4).build())
                                .add(BatchNorm.builder().build()),
                        Linear.builder().setUnits(2).build()));
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(6).build())
                .add(branches)
                .add(Linear.builder().setUnits(3).build());
        assertChunkedEqualsWhole(block, new Shape(5, 7));
    }

    @Test
    void preActivationResidualNetworkChunkByChunkEqualsOnePassOverAllChunks() {
        // WRN-10-1: projection shortcuts of the pre-activated input, identity ones, a final BN-ReLU
        assertChunkedEqualsWhole(WideResNet.create(10, 1, 5), new Shape(3, 2, 8, 8));
    }

    @Test
    void preActResNetWithIdentityShortcutsChunkByChunkEqualsOnePassOverAllChunks() {
        SequentialBlock net = PreActResNet.builder()
                .setClasses(4)
                .optStem(8)
                .optStages(new int[] {8, 16}, new int[] {2, 1}, new int[] {1, 2})
                .build();
        assertChunkedEqualsWhole(net, new Shape(3, 1, 12, 12));
    }

    @Test
    void postActivationResidualNetworkChunkByChunkEqualsOnePassOverAllChunks() {
        assertChunkedEqualsWhole(CifarResNet.create(8, 6), new Shape(3, 3, 8, 8));
    }

    @Test
    void projectionShortcutsWithBatchNormsNormaliseWithAllChunks() {
        assertChunkedEqualsWhole(
                CifarResNet.create(8, 6, CifarResNet.Shortcut.PROJECTION),
                new Shape(3, 3, 9, 7),
                (manager, gamma) -> manager.randomUniform(-2f, 2f, gamma.getShape()));
    }

    @Test
    void vggLikeNetworkNormalisesAfterItsPoolingsToTheSameValues() {
        assertChunkedEqualsWhole(
                VggLikeNet.opt6(new Shape(3, 8, 8), 5),
                new Shape(3, 3, 8, 8),
                (manager, gamma) -> manager.randomUniform(0.5f, 2f, gamma.getShape()));
    }

    @Test
    void residualNetworksAreScoredOneChunkAtATime() {
        Block net = CifarResNet.create(8, 6, CifarResNet.Shortcut.PROJECTION);
        Shape chunk = new Shape(3, 3, 8, 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, chunk);
            ParameterStore store = new ParameterStore(manager, false);
            List<NDArray> chunks = new ArrayList<>();
            for (int c = 0; c < CHUNKS; c++) {
                chunks.add(manager.randomNormal(chunk));
            }
            long[] largest = new long[1];
            new JointlyNormalisedForward((part, inputs, training) -> {
                        largest[0] =
                                Math.max(largest[0], inputs.head().getShape().get(0));
                        return part.forward(store, inputs, training);
                    })
                    .apply(net, chunks);
            assertEquals(chunk.get(0), largest[0]);
        }
    }

    private static void assertChunkedEqualsWhole(Block block, Shape chunkShape) {
        assertChunkedEqualsWhole(block, chunkShape, null);
    }

    /** With {@code scales} given, every batch norm's gamma is replaced by what it returns. */
    private static void assertChunkedEqualsWhole(
            Block block, Shape chunkShape, BiFunction<NDManager, NDArray, NDArray> scales) {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(17);
            Shape single = new Shape(1).addAll(chunkShape.slice(1));
            block.initialize(manager, DataType.FLOAT32, single);
            if (scales != null) {
                for (Pair<String, Parameter> parameter : block.getParameters()) {
                    if (parameter.getValue().getType() == Parameter.Type.GAMMA) {
                        NDArray gamma = parameter.getValue().getArray();
                        gamma.set(new NDIndex(":"), scales.apply(manager, gamma));
                    }
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            List<NDArray> chunks = new ArrayList<>();
            for (int c = 0; c < CHUNKS; c++) {
                // chunks with different means, so that per-chunk statistics would give other outputs
                chunks.add(manager.randomNormal(chunkShape).add(c));
            }
            NDArray whole = block.forward(store, new NDList(NDArrays.concat(new NDList(chunks))), true)
                    .singletonOrThrow();

            List<NDArray> parts = new JointlyNormalisedForward(
                            (part, inputs, training) -> part.forward(store, inputs, training))
                    .apply(block, chunks);

            assertEquals(CHUNKS, parts.size());
            NDArray chunked = NDArrays.concat(new NDList(parts));
            assertEquals(whole.getShape(), chunked.getShape());
            float scale = whole.abs().max().getFloat();
            assertArrayEquals(whole.toFloatArray(), chunked.toFloatArray(), 2e-5f * Math.max(1f, scale));
        }
    }
}
