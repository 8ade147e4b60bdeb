package org.gentrain.ablation;

import java.util.Map;

/**
 * One row of an ablation's per-epoch table.
 *
 * @param arm the arm's name
 * @param seed the seed
 * @param epoch the epoch, counting from 1; 0 for what the probes measured before training (its loss,
 *     accuracy and step time are NaN)
 * @param trainLoss the epoch's mean training loss
 * @param testAccuracy the test accuracy after the epoch
 * @param stepMillis the epoch's median step time in milliseconds
 * @param metrics what the run's probes measured after the epoch, by column name (such as {@code energy_conv1})
 */
public record EpochRecord(
        String arm,
        long seed,
        int epoch,
        double trainLoss,
        double testAccuracy,
        double stepMillis,
        Map<String, Double> metrics)
        implements java.io.Serializable {

    /** Freezes the metrics, keeping their order. */
    public EpochRecord {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
}
