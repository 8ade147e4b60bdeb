package org.gentrain.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.gentrain.data.ImageSet;
import org.gentrain.models.SmallCnn;
import org.gentrain.testing.SyntheticImages;
import org.gentrain.train.Learner;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class EnergyTrackerTest {

    private static final ImageSet DATA = SyntheticImages.squares(32, 28, 10, 6);

    @Test
    void recordsEveryLayerBeforeTrainingAndAfterEachEpochWithPowerTwo() {
        EnergyTracker tracker = new EnergyTracker();
        try (Learner learner = Learner.builder()
                .setModel(SmallCnn.create())
                .setInputShape(DATA.imageShape())
                .optSeed(2)
                .optBatchSize(16)
                .optDevice(Device.cpu())
                .addHook(tracker)
                .build()) {
            learner.trainEpoch(DATA);
            learner.trainEpoch(DATA);
            Map<String, Double> now = tracker.energiesAt(2);
            assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), List.copyOf(now.keySet()));
            List<EnergyLayer> layers = EnergyLayer.of(learner.block());
            for (int i = 0; i < layers.size(); i++) {
                double expected = HypersphericalEnergy.builder()
                        .build()
                        .energy(layers.get(i).neurons().get())
                        .getFloat();
                assertEquals(expected, now.get(layers.get(i).name()), 1e-6 * expected);
            }
        }
        assertEquals(12, tracker.records().size());
        tracker.perLayer().values().forEach(series -> assertEquals(3, series.size()));
        assertTrue(tracker.energiesAt(3).isEmpty());
        Table table = tracker.table();
        assertEquals(List.of("epoch", "layer", "energy"), table.columnNames());
        assertEquals(12, table.rowCount());
        assertEquals(EnergyPower.EUCLIDEAN_2, tracker.measure().power());
    }
}
