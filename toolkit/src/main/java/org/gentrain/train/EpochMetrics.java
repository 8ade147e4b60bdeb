package org.gentrain.train;

import java.util.Map;

/**
 * A hook that measures something per epoch, such as each layer's hyperspherical energy. {@link
 * Learner#fit} and {@code Ablation} put its values in their epoch tables, one column per key.
 */
public interface EpochMetrics {

    /**
     * The values recorded after an epoch (0: before training), by column name, such as {@code
     * energy_conv1}; empty if none were recorded for that epoch.
     */
    Map<String, Double> metricsAt(int epoch);

    /**
     * The columns an ablation also summarises per arm at the last epoch, with the mean over seeds and
     * the paired difference from the baseline with its 95% interval, as it does test accuracy (such as
     * robust accuracies); none by default.
     */
    default java.util.List<String> summaryColumns() {
        return java.util.List.of();
    }
}
