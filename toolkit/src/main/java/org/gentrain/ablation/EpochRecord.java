package org.gentrain.ablation;

import java.util.Map;

/**
 * One row of an ablation's per-epoch table.
 *
 * @param arm the arm's name
 * @param seed the seed
 * @param epoch the epoch, counting from 1
 * @param trainLoss the epoch's mean training loss
 * @param testAccuracy the test accuracy after the epoch
 * @param stepMillis the epoch's median step time in milliseconds
 * @param energies each layer's hyperspherical energy after the epoch, by layer name
 */
public record EpochRecord(
        String arm,
        long seed,
        int epoch,
        double trainLoss,
        double testAccuracy,
        double stepMillis,
        Map<String, Double> energies) {

    /** Freezes the energies, keeping their order (the model's layer order). */
    public EpochRecord {
        energies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(energies));
    }
}
