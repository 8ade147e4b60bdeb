package org.gentrain.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import org.gentrain.testing.TinyResidualNet;
import org.junit.jupiter.api.Test;

/** The layers whose neurons carry an energy, found anywhere in a model's tree. */
class EnergyLayerTest {

    @Test
    void everyConvolutionOfAResidualNetworkIsFoundInOrderWithItsNeurons() {
        SequentialBlock net = TinyResidualNet.create(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            List<EnergyLayer> layers = EnergyLayer.of(net);
            assertEquals(
                    List.of("conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "fc1"),
                    layers.stream().map(EnergyLayer::name).toList());
            assertEquals(
                    List.of(
                            new Shape(4, 9),
                            new Shape(4, 36),
                            new Shape(4, 36),
                            new Shape(8, 36),
                            new Shape(8, 72),
                            new Shape(8, 4),
                            new Shape(3, 8)),
                    layers.stream()
                            .map(layer -> layer.neurons().get().getShape())
                            .toList());
            assertEquals(
                    List.of(true, true, true, true, true, true, false),
                    layers.stream().map(EnergyLayer::convolution).toList());
        }
    }
}
