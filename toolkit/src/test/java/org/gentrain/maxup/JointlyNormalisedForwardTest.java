package org.gentrain.maxup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.gentrain.models.SmallCnn;
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
        assertChunkedEqualsWhole(SmallCnn.create(), new Shape(6, 1, 28, 28),
                (manager, gamma) -> manager.randomUniform(0.5f, 2f, gamma.getShape()));
    }

    @Test
    void batchNormsWithNegativeScalesNormaliseBeforeThePooling() {
        // max(-x) is not -max(x): normalising after the pooling would give other values here
        assertChunkedEqualsWhole(SmallCnn.create(), new Shape(6, 1, 28, 28),
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
                list -> new NDList(NDArrays.concat(new NDList(list.get(0).head(), list.get(1).head()), 1)),
                List.of(new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build()),
                        Linear.builder().setUnits(2).build()));
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(6).build())
                .add(branches)
                .add(Linear.builder().setUnits(3).build());
        assertChunkedEqualsWhole(block, new Shape(5, 7));
    }

    private static void assertChunkedEqualsWhole(Block block, Shape chunkShape) {
        assertChunkedEqualsWhole(block, chunkShape, null);
    }

    /** With {@code scales} given, every batch norm's gamma is replaced by what it returns. */
    private static void assertChunkedEqualsWhole(Block block, Shape chunkShape,
            BiFunction<NDManager, NDArray, NDArray> scales) {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(17);
            Shape single = new Shape(1).addAll(chunkShape.slice(1));
            block.initialize(manager, DataType.FLOAT32, single);
            if (scales != null) {
                for (Block child : block.getChildren().values()) {
                    for (Pair<String, Parameter> parameter : child.getDirectParameters()) {
                        if (parameter.getValue().getType() == Parameter.Type.GAMMA) {
                            NDArray gamma = parameter.getValue().getArray();
                            gamma.set(new NDIndex(":"), scales.apply(manager, gamma));
                        }
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
                    (part, inputs, training) -> part.forward(store, inputs, training)).apply(block, chunks);

            assertEquals(CHUNKS, parts.size());
            NDArray chunked = NDArrays.concat(new NDList(parts));
            assertEquals(whole.getShape(), chunked.getShape());
            float scale = whole.abs().max().getFloat();
            assertArrayEquals(whole.toFloatArray(), chunked.toFloatArray(), 2e-5f * Math.max(1f, scale));
        }
    }
}
