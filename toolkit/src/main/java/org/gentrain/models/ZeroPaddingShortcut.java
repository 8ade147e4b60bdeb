package org.gentrain.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The parameter-free shortcut of He et al. (CVPR 2016), option A: the input subsampled with the
 * stride ({@code x[:, :, ::s, ::s]}) and zero-padded with {@code c_out - c_in} new channels, half
 * before and half after the existing ones (the odd one after), as in the common public CIFAR ResNet
 * implementations. With {@code s = 2} the map becomes {@code ceil(H / 2) x ceil(W / 2)}, the size a
 * 3x3 convolution with stride 2 and padding 1 gives.
 */
public final class ZeroPaddingShortcut extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int stride;

    /** A shortcut to {@code channels} channels with subsampling {@code stride}. */
    public ZeroPaddingShortcut(int channels, int stride) {
        super(VERSION);
        this.channels = Layers.positive("channels", channels);
        this.stride = Layers.positive("stride", stride);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray sampled = stride == 1 ? x : x.get(":, :, ::{}, ::{}", stride, stride);
        Shape shape = sampled.getShape();
        long extra = channels - shape.get(1);
        if (extra < 0) {
            throw new IllegalArgumentException(
                    "zero-padding shortcut to " + channels + " channels got " + shape.get(1) + " channels");
        }
        if (extra == 0) {
            return new NDList(sampled);
        }
        long before = extra / 2;
        NDList parts = new NDList();
        if (before > 0) {
            parts.add(
                    x.getManager().zeros(new Shape(shape.get(0), before, shape.get(2), shape.get(3)), x.getDataType()));
        }
        parts.add(sampled);
        parts.add(x.getManager()
                .zeros(new Shape(shape.get(0), extra - before, shape.get(2), shape.get(3)), x.getDataType()));
        return new NDList(NDArrays.concat(parts, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = (in.get(2) + stride - 1) / stride;
        long w = (in.get(3) + stride - 1) / stride;
        return new Shape[] {new Shape(in.get(0), channels, h, w)};
    }
}
