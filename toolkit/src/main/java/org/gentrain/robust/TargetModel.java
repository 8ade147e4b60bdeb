package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.gentrain.train.Checks;
import org.gentrain.train.CrossEntropy;
import org.gentrain.train.Learner;

/**
 * A trained classifier as an attack sees it: pixels in {@code [0, 1]} in, logits out. The data
 * set's normalisation ({@link PixelSpace}) is inside, and the network runs in inference mode (batch
 * norms use their running statistics and do not update them).
 *
 * <p>An attack differentiates the loss with respect to the input only: while it records gradients
 * it switches the parameters' gradient requirement off ({@link #freezeParameters()}), so the
 * parameters' gradients are neither written nor accumulated, and the backward pass skips the weight
 * gradients. Nothing of the model's training state changes.
 */
public final class TargetModel {

    private final UnaryOperator<NDArray> network;
    private final List<Parameter> parameters;
    private final PixelSpace pixelSpace;

    private TargetModel(UnaryOperator<NDArray> network, List<Parameter> parameters, PixelSpace pixelSpace) {
        this.network = network;
        this.parameters = parameters;
        this.pixelSpace = Checks.required("pixelSpace", pixelSpace);
    }

    /** A learner's model (its inference-mode forward pass) with the data's normalisation. */
    public static TargetModel of(Learner learner, PixelSpace pixelSpace) {
        Checks.required("learner", learner);
        return new TargetModel(
                x -> learner.forward(new NDList(x), false).singletonOrThrow(),
                learner.trainableParameters(),
                pixelSpace);
    }

    /**
     * An initialised block read through a parameter store that hands out the parameters' own arrays
     * (such as {@code new ParameterStore(manager, false)}), with the data's normalisation.
     */
    public static TargetModel of(Block block, ParameterStore store, PixelSpace pixelSpace) {
        Checks.required("block", block);
        Checks.required("store", store);
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                parameters.add(pair.getValue());
            }
        }
        return new TargetModel(
                x -> block.forward(store, new NDList(x), false).singletonOrThrow(), parameters, pixelSpace);
    }

    /** The map between pixels and the model's normalised input. */
    public PixelSpace pixelSpace() {
        return pixelSpace;
    }

    /** The logits {@code [N, K]} of pixels {@code [N, C, H, W]}, in inference mode. */
    public NDArray logitsOfPixels(NDArray pixels) {
        return network.apply(pixelSpace.toModel(pixels));
    }

    /**
     * The model as a classifier of pixels, such as a base classifier for {@code RandomizedSmoothing}
     * whose noise and radii are then in pixel units.
     */
    public UnaryOperator<NDArray> pixelClassifier() {
        return this::logitsOfPixels;
    }

    /** The logits {@code [N, K]} of normalised images, as the data sets store them. */
    public NDArray logits(NDArray normalised) {
        return network.apply(normalised);
    }

    /**
     * The gradient of the summed cross-entropy {@code L = sum_i -log softmax(f(x_i))[y_i]} with
     * respect to the pixels, through the normalisation and the inference-mode network, with the
     * logits it was taken at. The parameters' gradients are not touched.
     *
     * @param pixels pixels {@code [N, C, H, W]}; not changed
     * @param labels the true labels {@code [N]}, int64
     */
    public InputGradient inputGradient(NDArray pixels, NDArray labels) {
        try (Frozen frozen = freezeParameters()) {
            NDArray leaf = pixels.duplicate();
            leaf.setRequiresGradient(true);
            NDArray logits;
            try (GradientCollector collector = pixels.getManager().getEngine().newGradientCollector()) {
                logits = logitsOfPixels(leaf);
                collector.backward(CrossEntropy.perExample(logits, labels).sum());
            }
            NDArray gradient = leaf.getGradient().duplicate();
            leaf.close();
            return new InputGradient(gradient, logits.stopGradient());
        }
    }

    /**
     * The input gradient of the loss and the logits it was taken at.
     *
     * @param gradient {@code dL/dx}, the shape of the pixels
     * @param logits {@code [N, K]}
     */
    public record InputGradient(NDArray gradient, NDArray logits) {}

    /**
     * Switches off the gradient requirement of every trainable parameter until the returned handle
     * is closed, which switches it back on. Gradients already stored on the parameters are kept as
     * they are.
     */
    public Frozen freezeParameters() {
        List<NDArray> frozen = new ArrayList<>();
        for (Parameter parameter : parameters) {
            if (parameter.isInitialized()) {
                NDArray array = parameter.getArray();
                if (array.hasGradient()) {
                    array.setRequiresGradient(false);
                    frozen.add(array);
                }
            }
        }
        return new Frozen(frozen);
    }

    /** Parameters whose gradient requirement is off until {@link #close()}. */
    public static final class Frozen implements AutoCloseable {
        private final List<NDArray> arrays;

        private Frozen(List<NDArray> arrays) {
            this.arrays = arrays;
        }

        /** Switches the parameters' gradient requirement back on. */
        @Override
        public void close() {
            for (NDArray array : arrays) {
                array.setRequiresGradient(true);
            }
        }
    }
}
