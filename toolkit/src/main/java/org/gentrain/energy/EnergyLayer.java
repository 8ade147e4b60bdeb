package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
        collect(model, layers, new int[2]);
        return List.copyOf(layers);
    }

    private static void collect(Block block, List<EnergyLayer> layers, int[] counts) {
        if (block instanceof NeuronLayer) {
            NeuronLayer layer = (NeuronLayer) block;
            String name = layer.isConvolution() ? "conv" + ++counts[0] : "fc" + ++counts[1];
            layers.add(new EnergyLayer(name, layer.isConvolution(),
                    () -> HypersphericalEnergy.rows(layer.neurons())));
            return;
        }
        if (block instanceof Convolution || block instanceof Linear) {
            Parameter weight = block.getDirectParameters().get("weight");
            if (weight != null) {
                boolean conv = block instanceof Convolution;
                String name = conv ? "conv" + ++counts[0] : "fc" + ++counts[1];
                layers.add(new EnergyLayer(name, conv, () -> HypersphericalEnergy.rows(weight.getArray())));
                return;
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), layers, counts);
        }
    }
}
