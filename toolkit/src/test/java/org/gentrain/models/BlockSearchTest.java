package org.gentrain.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.stream.Collectors;
import org.gentrain.testing.TinyResidualNet;
import org.junit.jupiter.api.Test;

/** Finding blocks anywhere in a model's tree, and putting others in their place. */
class BlockSearchTest {

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    private static List<String> paths(List<BlockSearch.Found> found) {
        return found.stream().map(BlockSearch.Found::path).collect(Collectors.toList());
    }

    @Test
    void findsEveryConvolutionOfAResidualNetworkInTheOrderTheyApply() {
        SequentialBlock net = TinyResidualNet.create(3);
        List<BlockSearch.Found> convs = BlockSearch.find(net, Conv2d.class);
        assertEquals(
                List.of(
                        "01Conv2d",
                        "04ParallelBlock/01SequentialBlock/01Conv2d",
                        "04ParallelBlock/01SequentialBlock/04Conv2d",
                        "05Residual/01body/01Conv2d",
                        "05Residual/01body/04Conv2d",
                        "05Residual/02shortcut"),
                paths(convs));
        assertSame(net, convs.get(0).parent());
        assertEquals("02shortcut", convs.get(5).name());
        assertTrue(convs.get(5).parent() instanceof TinyResidualNet.Residual);
        assertEquals(List.of("08Linear"), paths(BlockSearch.find(net, Linear.class)));
    }

    @Test
    void theChildrenOfABlockFoundAreNotSearched() {
        SequentialBlock inner = new SequentialBlock().add(linear(2));
        SequentialBlock outer = new SequentialBlock().add(inner).add(linear(3));
        assertEquals(
                List.of("01SequentialBlock", "02Linear"),
                paths(BlockSearch.find(outer, b -> b instanceof SequentialBlock && b != outer || b instanceof Linear)));
        BlockSearch.Found root = BlockSearch.find(outer, SequentialBlock.class).get(0);
        assertEquals("", root.path());
        assertEquals(null, root.parent());
    }

    @Test
    void replacingInASequenceKeepsTheOrderAndNamesTheNewChildAsAddWould() {
        Linear first = linear(2);
        Linear last = linear(3);
        SequentialBlock seq =
                new SequentialBlock().add(first).add(Blocks.batchFlattenBlock()).add(last);
        List<BlockSearch.Found> found = BlockSearch.find(seq, Linear.class);
        Conv2d conv =
                Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build();
        Linear wider = linear(5);
        assertSame(seq, BlockSearch.replace(seq, found.get(0), conv));
        assertSame(seq, BlockSearch.replace(seq, found.get(1), wider));
        assertEquals(
                List.of("01Conv2d", "02LambdaBlock", "03Linear"),
                seq.getChildren().keys());
        assertSame(conv, seq.getChildren().valueAt(0));
        assertSame(wider, seq.getChildren().valueAt(2));
    }

    @Test
    void replacingABranchOfAParallelBlockChangesWhatItComputes() {
        Linear narrow = linear(2);
        ParallelBlock branches = new ParallelBlock(
                list -> new NDList(ai.djl.ndarray.NDArrays.concat(
                        new NDList(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow()), 1)),
                List.of(narrow, linear(3)));
        SequentialBlock model = new SequentialBlock().add(branches);
        BlockSearch.Found found = BlockSearch.find(model, b -> b == narrow).get(0);
        assertEquals("01ParallelBlock/01Linear", found.path());
        BlockSearch.replace(model, found, linear(7));
        assertEquals(List.of("01Linear", "02Linear"), branches.getChildren().keys());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            NDList out =
                    model.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(1, 4))), false);
            assertEquals(new Shape(1, 10), out.singletonOrThrow().getShape());
        }
    }

    @Test
    void aBlockWithReplaceableChildrenReplacesItsOwnAndTheRootIsReplacedByReturningTheNewOne() {
        Block shortcut = linear(2);
        TinyResidualNet.Residual unit = new TinyResidualNet.Residual(linear(2), shortcut);
        BlockSearch.Found found = BlockSearch.find(unit, b -> b == shortcut).get(0);
        Linear other = linear(2);
        assertSame(unit, BlockSearch.replace(unit, found, other));
        assertSame(other, unit.getChildren().get("02shortcut"));
        Linear alone = linear(1);
        Block replacement = linear(4);
        assertSame(
                replacement,
                BlockSearch.replace(alone, BlockSearch.find(alone, Linear.class).get(0), replacement));
    }

    @Test
    void aChildOfAnyOtherCompositeBlockCannotBeReplacedAndTheErrorSaysWhy() {
        SequentialBlock model = new SequentialBlock().add(new Opaque(linear(2)));
        BlockSearch.Found found = BlockSearch.find(model, Linear.class).get(0);
        assertEquals(false, BlockSearch.isReplaceable(found));
        assertEquals(
                "cannot replace '01Opaque/01inner': its parent org.gentrain.models.BlockSearchTest$Opaque is "
                        + "neither a SequentialBlock, a ParallelBlock nor a org.gentrain.models.ReplaceableChildren",
                assertThrows(IllegalArgumentException.class, () -> BlockSearch.replace(model, found, linear(3)))
                        .getMessage());
        assertEquals(
                "child must be one of [01inner], was 'inner'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ReplaceableChildren.replaceEntry(
                                        new ai.djl.nn.BlockList(List.of("01inner"), List.of(linear(1))),
                                        "inner",
                                        linear(1)))
                        .getMessage());
    }

    /** A composite block that keeps its child in a field and offers no way to replace it. */
    private static final class Opaque extends AbstractBlock {
        private final Block inner;

        Opaque(Block inner) {
            this.inner = addChildBlock("inner", inner);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return inner.forward(store, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }
    }
}
