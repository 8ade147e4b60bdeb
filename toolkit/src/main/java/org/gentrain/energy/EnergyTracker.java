package org.gentrain.energy;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gentrain.train.EpochMetrics;
import org.gentrain.train.Learner;
import org.gentrain.train.TrainingHook;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Records the hyperspherical energy of every layer's neurons (see {@link EnergyLayer}) once before
 * training (epoch 0) and after every epoch, so that notebooks and the ablation runner can plot how
 * a technique spreads the neurons. The measure is fixed for every arm, whatever it trains with:
 * power 2 (Euclidean), plain (not half-space), no projection, unless set otherwise.
 *
 * <pre>{@code
 * EnergyTracker tracker = new EnergyTracker();
 * Learner learner = Learner.builder()...addHook(tracker).build();
 * learner.trainEpoch(train);
 * tracker.table().print();                  // epoch, layer, energy
 * Map<String, Double> now = tracker.energiesAt(1);
 * }</pre>
 */
public final class EnergyTracker implements TrainingHook, EpochMetrics {

    /** One layer's energy after one epoch (0: before training). */
    public record EnergyRecord(int epoch, String layer, double energy) {}

    private final HypersphericalEnergy measure;
    private final List<EnergyRecord> records = new ArrayList<>();

    /** A tracker with power 2, without half-space. */
    public EnergyTracker() {
        this(HypersphericalEnergy.builder().build());
    }

    /** A tracker with the given measure. */
    public EnergyTracker(HypersphericalEnergy measure) {
        this.measure = measure;
    }

    /** The measure every layer is recorded with. */
    public HypersphericalEnergy measure() {
        return measure;
    }

    @Override
    public void onTrainingStart(Learner learner) {
        records.clear();
        record(learner, 0);
    }

    @Override
    public void onEpochEnd(Learner learner, int epoch) {
        record(learner, epoch);
    }

    /** Measures every layer of the learner's model now and records it under {@code epoch}. */
    public Map<String, Double> record(Learner learner, int epoch) {
        Map<String, Double> now = new LinkedHashMap<>();
        records.removeIf(r -> r.epoch() == epoch);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (EnergyLayer layer : EnergyLayer.of(learner.block())) {
                double value = measure.energy(layer.neurons().get().stopGradient())
                        .toType(DataType.FLOAT64, false)
                        .getDouble();
                now.put(layer.name(), value);
                records.add(new EnergyRecord(epoch, layer.name(), value));
            }
        }
        return now;
    }

    /** Every record, in the order taken. */
    public List<EnergyRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** The energies recorded for one epoch, by layer name (empty if none). */
    public Map<String, Double> energiesAt(int epoch) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (EnergyRecord r : records) {
            if (r.epoch() == epoch) {
                map.put(r.layer(), r.energy());
            }
        }
        return map;
    }

    /** The energies recorded for one epoch as table columns: {@code energy_<layer>}. */
    @Override
    public Map<String, Double> metricsAt(int epoch) {
        Map<String, Double> map = new LinkedHashMap<>();
        energiesAt(epoch).forEach((layer, energy) -> map.put("energy_" + layer, energy));
        return map;
    }

    /** Each layer's energies in the order of the recorded epochs, by layer name. */
    public Map<String, List<Double>> perLayer() {
        Map<String, List<Double>> map = new LinkedHashMap<>();
        for (EnergyRecord r : records) {
            map.computeIfAbsent(r.layer(), k -> new ArrayList<>()).add(r.energy());
        }
        return map;
    }

    /** The records as a table with columns {@code epoch}, {@code layer}, {@code energy}. */
    public Table table() {
        IntColumn epoch = IntColumn.create("epoch");
        StringColumn layer = StringColumn.create("layer");
        DoubleColumn energy = DoubleColumn.create("energy");
        for (EnergyRecord r : records) {
            epoch.append(r.epoch());
            layer.append(r.layer());
            energy.append(r.energy());
        }
        return Table.create("hyperspherical energy (power " + measure.power() + ")", epoch, layer, energy);
    }
}
