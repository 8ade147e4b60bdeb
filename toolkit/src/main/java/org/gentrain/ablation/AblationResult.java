package org.gentrain.ablation;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.gentrain.train.EpochTable;
import org.gentrain.train.StepTiming;
import org.gentrain.viz.Charts;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * What an ablation found: a per-epoch table (arm, seed, epoch, train loss, test accuracy, step
 * time, each layer's energy), a per-arm summary (mean and standard deviation of the final test
 * accuracy over seeds, the paired difference from the baseline with a 95% confidence interval over
 * seeds, the mean step time and its overhead over the baseline, and whether the arm diverged), and
 * charts of both. Carries its {@link AblationConfig}, so every number says how it was produced.
 */
public final class AblationResult {

    private final AblationConfig config;
    private final List<EpochRecord> records;
    private final List<RunStatus> statuses;
    private final Table epochs;
    private final Table metrics;
    private final Table summary;

    private final List<String> summarised;

    AblationResult(AblationConfig config, List<EpochRecord> records, List<RunStatus> statuses) {
        this(config, records, statuses, List.of());
    }

    AblationResult(
            AblationConfig config, List<EpochRecord> records, List<RunStatus> statuses, List<String> summarised) {
        this.summarised = List.copyOf(summarised);
        this.config = config;
        this.records = List.copyOf(records);
        this.statuses = List.copyOf(statuses);
        this.epochs = buildEpochs(false);
        this.metrics = buildEpochs(true);
        this.summary = buildSummary();
    }

    /** The configuration that produced these results. */
    public AblationConfig config() {
        return config;
    }

    /** One row per arm x seed x epoch that completed. */
    public Table epochs() {
        return epochs;
    }

    /**
     * What the runs' probes measured (such as {@code energy_<layer>}), one row per arm x seed x epoch,
     * epoch 0 being before training.
     */
    public Table metrics() {
        return metrics;
    }

    /**
     * Each metric whose column starts with {@code prefix} (such as {@code energy_conv}) divided by its
     * value before training, per epoch, one line per arm and column (the first seed of each arm).
     */
    public XYChart relativeChart(String prefix, String title) {
        return Charts.relativeToStart(metrics, prefix, title);
    }

    /** One row per arm, baseline first. */
    public Table summary() {
        return summary;
    }

    /** How every arm x seed ended. */
    public List<RunStatus> statuses() {
        return statuses;
    }

    /** The epoch records, in run order. */
    public List<EpochRecord> records() {
        return records;
    }

    /** Test accuracy per epoch per arm. */
    public XYChart accuracyChart() {
        return Charts.accuracy(epochs);
    }

    /** Hyperspherical energy per epoch per arm. */
    public XYChart energyChart() {
        return Charts.energy(epochs);
    }

    /** Step-time overhead per arm. */
    public CategoryChart overheadChart() {
        return Charts.overhead(summary);
    }

    /** Writes {@code accuracy.png}, {@code energy.png} and {@code overhead.png} into {@code folder}. */
    public void writeCharts(Path folder) throws IOException {
        Charts.writePng(accuracyChart(), folder.resolve("accuracy.png"));
        Charts.writePng(energyChart(), folder.resolve("energy.png"));
        Charts.writePng(overheadChart(), folder.resolve("overhead.png"));
    }

    /** The summary as a text table, numbers rounded to four decimals (the CSV keeps them all). */
    @Override
    public String toString() {
        Table shown = summary.copy();
        DecimalFormat fourDecimals = new DecimalFormat("0.0000", DecimalFormatSymbols.getInstance(Locale.ROOT));
        for (Column<?> column : shown.columns()) {
            if (column instanceof DoubleColumn numbers) {
                numbers.setPrintFormatter(new NumberColumnFormatter(fourDecimals, ""));
            }
        }
        return shown.printAll();
    }

    static String csv(Table table) {
        StringWriter writer = new StringWriter();
        try {
            table.write().csv(writer);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot write table " + table.name(), e));
        }
        return writer.toString();
    }

    private Table buildEpochs(boolean withStart) {
        StringColumn arm = StringColumn.create("arm");
        LongColumn seed = LongColumn.create("seed");
        EpochTable rows = new EpochTable();
        for (EpochRecord r : records) {
            if (r.epoch() == 0 && !withStart) {
                continue;
            }
            arm.append(r.arm());
            seed.append(r.seed());
            rows.add(r.epoch(), r.trainLoss(), r.testAccuracy(), r.stepMillis(), r.metrics());
        }
        Table table = Table.create(withStart ? "metrics per epoch (0: before training)" : "epochs", arm, seed);
        rows.toTable("epochs").columns().forEach(table::addColumns);
        return withStart ? table.removeColumns("train_loss", "test_accuracy", "step_ms") : table;
    }

    private Table buildSummary() {
        String baseline = config.baseline();
        Map<Long, Double> baselineFinal = finalAccuracies(baseline);
        double baselineStep = meanStep(baseline);
        StringColumn arm = StringColumn.create("arm");
        StringColumn status = StringColumn.create("status");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("acc_mean");
        DoubleColumn sd = DoubleColumn.create("acc_std");
        DoubleColumn diff = DoubleColumn.create("diff_vs_baseline");
        DoubleColumn low = DoubleColumn.create("diff_ci95_low");
        DoubleColumn high = DoubleColumn.create("diff_ci95_high");
        DoubleColumn step = DoubleColumn.create("step_ms");
        DoubleColumn overhead = DoubleColumn.create("overhead");
        for (String name : config.arms()) {
            Map<Long, Double> finals = finalAccuracies(name);
            long diverged = statuses.stream()
                    .filter(s -> s.arm().equals(name) && s.diverged())
                    .count();
            arm.append(name);
            status.append(
                    diverged == 0
                            ? "ok"
                            : "diverged (" + diverged + " of " + config.seeds().size() + " seeds)");
            seeds.append(finals.size());
            List<Double> values = new ArrayList<>(finals.values());
            mean.append(mean(values));
            sd.append(sampleSd(values));
            appendPairedDifference(finals, baselineFinal, diff, low, high);
            double ms = meanStep(name);
            step.append(ms);
            overhead.append(ms / baselineStep);
        }
        Table extra = Table.create("extra");
        for (String metric : summarised) {
            Map<Long, Double> baselineValues = finalValues(baseline, metric);
            DoubleColumn metricMean = DoubleColumn.create(metric);
            DoubleColumn metricDiff = DoubleColumn.create(metric + "_diff");
            DoubleColumn metricLow = DoubleColumn.create(metric + "_ci95_low");
            DoubleColumn metricHigh = DoubleColumn.create(metric + "_ci95_high");
            for (String name : config.arms()) {
                Map<Long, Double> values = finalValues(name, metric);
                metricMean.append(mean(new ArrayList<>(values.values())));
                appendPairedDifference(values, baselineValues, metricDiff, metricLow, metricHigh);
            }
            extra.addColumns(metricMean, metricDiff, metricLow, metricHigh);
        }
        return Table.create(
                        "summary (baseline " + baseline + "; step_ms: mean over epochs of the median step time, "
                                + "after an untimed warm-up and each epoch's first " + StepTiming.WARMUP_STEPS
                                + " steps)",
                        arm,
                        status,
                        seeds,
                        mean,
                        sd,
                        diff,
                        low,
                        high,
                        step,
                        overhead)
                .addColumns(extra.columns().toArray(new tech.tablesaw.columns.Column<?>[0]));
    }

    /**
     * Appends the mean paired difference from the baseline over the seeds both have, and its 95%
     * interval (NaN below two seeds).
     */
    private static void appendPairedDifference(
            Map<Long, Double> values,
            Map<Long, Double> baseline,
            DoubleColumn diff,
            DoubleColumn low,
            DoubleColumn high) {
        List<Double> paired = new ArrayList<>();
        values.forEach((seed, value) -> {
            if (baseline.containsKey(seed)) {
                paired.add(value - baseline.get(seed));
            }
        });
        double d = mean(paired);
        double half = confidenceHalfWidth(paired);
        diff.append(d);
        low.append(d - half);
        high.append(d + half);
    }

    /** A metric's value at the last epoch per seed of the runs of {@code arm} that did not diverge. */
    private Map<Long, Double> finalValues(String arm, String metric) {
        Map<Long, Double> finals = new LinkedHashMap<>();
        for (long seed : config.seeds()) {
            boolean diverged = statuses.stream().anyMatch(s -> s.arm().equals(arm) && s.seed() == seed && s.diverged());
            if (diverged) {
                continue;
            }
            records.stream()
                    .filter(r -> r.arm().equals(arm) && r.seed() == seed && r.epoch() == config.epochs())
                    .findFirst()
                    .map(r -> r.metrics().get(metric))
                    .ifPresent(v -> finals.put(seed, v));
        }
        return finals;
    }

    /** Final test accuracy per seed of the runs of {@code arm} that did not diverge. */
    private Map<Long, Double> finalAccuracies(String arm) {
        Map<Long, Double> finals = new LinkedHashMap<>();
        for (long seed : config.seeds()) {
            boolean diverged = statuses.stream().anyMatch(s -> s.arm().equals(arm) && s.seed() == seed && s.diverged());
            if (diverged) {
                continue;
            }
            records.stream()
                    .filter(r -> r.arm().equals(arm) && r.seed() == seed && r.epoch() == config.epochs())
                    .findFirst()
                    .ifPresent(r -> finals.put(seed, r.testAccuracy()));
        }
        return finals;
    }

    private double meanStep(String arm) {
        return records.stream()
                .filter(r -> r.arm().equals(arm) && r.epoch() > 0)
                .mapToDouble(EpochRecord::stepMillis)
                .average()
                .orElse(Double.NaN);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double sampleSd(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (values.size() - 1));
    }

    /** Half the width of the two-sided 95% t interval of the mean; NaN below two values. */
    private static double confidenceHalfWidth(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return Double.NaN;
        }
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        return t * sampleSd(values) / Math.sqrt(n);
    }
}
