package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.gentrain.models.BlockSearch;
import org.gentrain.train.NeuronLayer;

/**
 * A layer whose neurons carry an energy: a convolution or fully connected layer of a model, or any
 * block that is a {@link NeuronLayer} (whose weights are computed, such as an orthogonally
 * over-parameterised convolution).
 *
 * @param name the layer's name in tables and settings: {@code conv1, conv2, ...} and {@code fc1,
 *     fc2, ...} in the order the model applies them
 * @param convolution whether the layer is a convolution
 * @param neurons reads the current neurons as {@code [n, d]}, differentiably
 */
public record EnergyLayer(String name, boolean convolution, Supplier<NDArray> neurons) {

    /**
     * Every convolution, fully connected layer and {@link NeuronLayer} of {@code model}, in the
     * order the model applies them (a {@link NeuronLayer}'s own children are not searched).
     */
    public static List<EnergyLayer> of(Block model) {
        List<EnergyLayer> layers = new ArrayList<>();
        int convolutions = 0;
        int linear = 0;
        for (BlockSearch.Found found : BlockSearch.find(model, EnergyLayer::carriesNeurons)) {
            Block block = found.block();
            if (block instanceof NeuronLayer) {
                NeuronLayer layer = (NeuronLayer) block;
                String name = layer.isConvolution() ? "conv" + ++convolutions : "fc" + ++linear;
                layers.add(
                        new EnergyLayer(name, layer.isConvolution(), () -> HypersphericalEnergy.rows(layer.neurons())));
            } else {
                Parameter weight = block.getDirectParameters().get("weight");
                boolean conv = block instanceof Convolution;
                String name = conv ? "conv" + ++convolutions : "fc" + ++linear;
                layers.add(new EnergyLayer(name, conv, () -> HypersphericalEnergy.rows(weight.getArray())));
            }
        }
        return List.copyOf(layers);
    }

    /** A {@link NeuronLayer}, or a convolution or linear layer with a {@code weight} parameter. */
    private static boolean carriesNeurons(Block block) {
        return block instanceof NeuronLayer
                || (block instanceof Convolution || block instanceof Linear)
                        && block.getDirectParameters().get("weight") != null;
    }
}
