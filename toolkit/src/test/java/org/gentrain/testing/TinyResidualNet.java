package org.gentrain.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.gentrain.models.Initialization;
import org.gentrain.models.ReplaceableChildren;

/**
 * A residual network in miniature, for tests of code that walks a model's tree of blocks:
 *
 * <pre>
 * conv(4) -&gt; bn -&gt; relu
 *   -&gt; ParallelBlock(sum)[ conv(4) -&gt; bn -&gt; relu -&gt; conv(4) ,  identity ]      (DJL's way)
 *   -&gt; Residual[ body: conv(8, stride 2) -&gt; bn -&gt; relu -&gt; conv(8) ,
 *                shortcut: conv(8, 1x1, stride 2) ]                              (a custom block)
 *   -&gt; relu -&gt; global average pool -&gt; linear(classes)
 * </pre>
 *
 * <p>Six convolutions (fan-ins 9, 36, 36, 36, 72, 4) and one linear layer, in that order.
 */
public final class TinyResidualNet {

    /** The number of convolutions. */
    public static final int CONVOLUTIONS = 6;

    private TinyResidualNet() {}

    /** The network with {@code classes} outputs. */
    public static SequentialBlock create(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(4, 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(new ParallelBlock(
                        TinyResidualNet::sum,
                        List.of(
                                new SequentialBlock()
                                        .add(conv(4, 3, 1))
                                        .add(BatchNorm.builder().build())
                                        .add(Activation::relu)
                                        .add(conv(4, 3, 1)),
                                Blocks.identityBlock())))
                .add(new Residual(
                        new SequentialBlock()
                                .add(conv(8, 3, 2))
                                .add(BatchNorm.builder().build())
                                .add(Activation::relu)
                                .add(conv(8, 3, 1)),
                        conv(8, 1, 2)))
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(classes).build());
        net.setInitializer(Initialization.TORCH_DEFAULT, Parameter.Type.WEIGHT);
        return net;
    }

    private static NDList sum(List<NDList> branches) {
        return new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .build();
    }

    /**
     * {@code body(x) + shortcut(x)}, holding its two children in fields as a hand-written residual
     * unit does, and replacing them on request.
     */
    public static final class Residual extends AbstractBlock implements ReplaceableChildren {
        private Block body;
        private Block shortcut;

        /** A unit of these two branches, which must give outputs of the same shape. */
        public Residual(Block body, Block shortcut) {
            this.body = addChildBlock("body", body);
            this.shortcut = addChildBlock("shortcut", shortcut);
        }

        @Override
        public void replaceChild(String name, Block replacement) {
            ReplaceableChildren.replaceEntry(children, name, replacement);
            if (name.equals("01body")) {
                body = replacement;
            } else if (name.equals("02shortcut")) {
                shortcut = replacement;
            }
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray a = body.forward(store, inputs, training, params).singletonOrThrow();
            NDArray b = shortcut.forward(store, inputs, training, params).singletonOrThrow();
            return new NDList(a.add(b));
        }

        @Override
        public void initializeChildBlocks(
                ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
            body.initialize(manager, dataType, inputShapes);
            shortcut.initialize(manager, dataType, inputShapes);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return body.getOutputShapes(inputShapes);
        }
    }
}
