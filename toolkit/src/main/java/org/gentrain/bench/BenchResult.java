package org.gentrain.bench;

import java.util.Locale;

/**
 * One arm's figures in a benchmark run (shared/bench/PROTOCOL.md).
 *
 * @param arm the arm's name
 * @param stepMillis the median wall time of steps 11 to the last, data loading included
 * @param overhead {@code stepMillis} over the {@code erm} arm's in the same run
 * @param device the device, such as {@code cpu()}
 * @param threads the engine's intra-op threads
 * @param peakRssMb the process's peak resident memory so far, in MiB
 */
public record BenchResult(String arm, double stepMillis, double overhead, String device, int threads, long peakRssMb) {

    /** The protocol's one-line JSON form. */
    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"arm\":\"%s\",\"step_ms\":%.2f,\"overhead\":%.3f,\"device\":\"%s\",\"threads\":%d,\"peak_rss_mb\":%d}",
                arm,
                stepMillis,
                overhead,
                device,
                threads,
                peakRssMb);
    }
}
