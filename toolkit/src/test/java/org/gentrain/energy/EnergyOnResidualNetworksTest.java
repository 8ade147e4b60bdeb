package org.gentrain.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gentrain.data.ImageSet;
import org.gentrain.models.CifarResNet;
import org.gentrain.models.PreActResNet;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.Recipe;
import org.junit.jupiter.api.Test;

/** (Co)MHE finds every layer of a residual network, shortcuts included, and spreads its neurons. */
class EnergyOnResidualNetworksTest {

    private static final ImageSet DATA = SyntheticImages.squares(48, 8, 4, 2);

    private static int convolutions(Block block) {
        int count = block instanceof Conv2d ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            count += convolutions(child);
        }
        return count;
    }

    private static List<String> names(Block model) {
        return EnergyLayer.of(model).stream().map(EnergyLayer::name).toList();
    }

    @Test
    void everyConvolutionOfAResidualNetworkAndItsClassifierAreLayers() {
        // ResNet-8 with projections: stem, 2 per block, 2 projection shortcuts; then the classifier
        Block post = CifarResNet.create(8, 4, CifarResNet.Shortcut.PROJECTION);
        assertEquals(9, convolutions(post));
        assertEquals(
                List.of("conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "conv7", "conv8", "conv9", "fc1"),
                names(post));
        Block pre = PreActResNet.builder()
                .setClasses(4)
                .optStem(4)
                .optStages(new int[] {4, 8}, new int[] {2, 2}, new int[] {1, 2})
                .build();
        assertEquals(1 + 4 + 4 + 1, convolutions(pre));
        assertEquals(11, names(pre).size());
        assertEquals("fc1", names(pre).get(10));
    }

    @Test
    void mheLowersTheEnergyOfAResidualNetworkWhileItsLossFalls() {
        Map<String, Double> erm = train(Recipe.erm()).energies;
        Trained mhe =
                train(Recipe.erm().with(EnergyRegularizer.builder().optLambda(1).build()));
        double start = sum(mhe.initial);
        double withMhe = sum(mhe.energies);
        assertTrue(withMhe < start, "energy " + start + " -> " + withMhe);
        assertTrue(withMhe < sum(erm), "energy with MHE " + withMhe + ", without " + sum(erm));
        assertTrue(mhe.losses.get(3) < mhe.losses.get(0), "epoch losses " + mhe.losses);
    }

    @Test
    void compressiveMheTrainsAResidualNetwork() {
        Trained comhe = train(Recipe.erm()
                .with(EnergyRegularizer.builder()
                        .optLambda(1)
                        .optProjection(RandomProjections.builder().optDims(8).build())
                        .build()));
        assertTrue(comhe.losses.get(3) < comhe.losses.get(0), "epoch losses " + comhe.losses);
        assertTrue(
                sum(comhe.energies) < sum(comhe.initial),
                "energy " + sum(comhe.initial) + " -> " + sum(comhe.energies));
    }

    private record Trained(Map<String, Double> initial, Map<String, Double> energies, List<Double> losses) {}

    private static Trained train(Recipe recipe) {
        EnergyTracker tracker = new EnergyTracker();
        try (Learner learner = Learner.builder()
                .setModel(CifarResNet.create(8, 4, CifarResNet.Shortcut.PROJECTION))
                .setInputShape(DATA.imageShape())
                .optRecipe(recipe)
                .optSeed(4)
                .optBatchSize(16)
                .optDevice(Device.cpu())
                .addHook(tracker)
                .build()) {
            List<Double> losses = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                EpochResult result = learner.trainEpoch(DATA);
                losses.add(result.meanLoss());
            }
            return new Trained(tracker.energiesAt(0), tracker.energiesAt(4), losses);
        }
    }

    private static double sum(Map<String, Double> energies) {
        return energies.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
