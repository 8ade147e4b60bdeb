package org.gentrain.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * The ablation's charts, drawn with XChart from its tables: test accuracy per epoch per arm (mean
 * over seeds with a band of one standard deviation), hyperspherical energy per epoch per arm, and
 * each arm's step-time overhead over the baseline; and {@link #lines} for any named series (such as
 * certified accuracy against radius, one line per arm). Each is a chart object, a {@link BufferedImage}
 * for notebooks, or a PNG file.
 */
public final class Charts {

    /** Chart width in pixels. */
    public static final int WIDTH = 800;

    /** Chart height in pixels. */
    public static final int HEIGHT = 500;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    private Charts() {}

    /**
     * Test accuracy (%) against epoch, one line per arm (the mean over seeds) with a band of plus
     * and minus one standard deviation where there are several seeds.
     *
     * @param epochs a table with columns {@code arm}, {@code epoch} and {@code test_accuracy}
     */
    public static XYChart accuracy(Table epochs) {
        XYChart chart = lineChart("Test accuracy per epoch", "Epoch", "Test accuracy (%)");
        int index = 0;
        for (String arm : arms(epochs)) {
            Color color = PALETTE[index++ % PALETTE.length];
            TreeMap<Integer, List<Double>> byEpoch = valuesByEpoch(epochs, arm, "test_accuracy", 100.0);
            addMeanWithBand(chart, arm, byEpoch, color);
        }
        return chart;
    }

    /**
     * The total hyperspherical energy of the model's layers (the sum of the {@code energy_*}
     * columns) against epoch, one line per arm, mean over seeds.
     *
     * @param epochs a table with columns {@code arm}, {@code epoch} and {@code energy_<layer>}
     */
    public static XYChart energy(Table epochs) {
        XYChart chart = lineChart(
                "Hyperspherical energy per epoch (sum over layers, s = 2)",
                "Epoch",
                "Energy (mean over neuron pairs, summed over layers)");
        List<String> energyColumns = new ArrayList<>();
        for (String name : epochs.columnNames()) {
            if (name.startsWith("energy_")) {
                energyColumns.add(name);
            }
        }
        int index = 0;
        for (String arm : arms(epochs)) {
            Color color = PALETTE[index++ % PALETTE.length];
            TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (Row row : epochs) {
                if (!row.getString("arm").equals(arm)) {
                    continue;
                }
                double total = 0;
                for (String column : energyColumns) {
                    total += row.getDouble(column);
                }
                if (!energyColumns.isEmpty() && Double.isFinite(total)) {
                    byEpoch.computeIfAbsent(row.getInt("epoch"), k -> new ArrayList<>())
                            .add(total);
                }
            }
            if (!byEpoch.isEmpty()) {
                addMeanWithBand(chart, arm, byEpoch, color);
            }
        }
        return chart;
    }

    /**
     * Metrics relative to their value before training: for every column starting with {@code prefix},
     * {@code value(epoch) / value(0)} against epoch, one line per arm and column (each arm's first
     * seed).
     *
     * @param metrics a table with columns {@code arm}, {@code seed}, {@code epoch} (from 0) and the metrics
     */
    public static XYChart relativeToStart(Table metrics, String prefix, String title) {
        XYChart chart = lineChart(title, "Epoch (0 = before training)", "Value / value before training");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<String> columns =
                metrics.columnNames().stream().filter(c -> c.startsWith(prefix)).toList();
        for (String arm : arms(metrics)) {
            Table runs = metrics.where(metrics.stringColumn("arm").isEqualTo(arm));
            long seed = runs.longColumn("seed").get(0);
            Table run = runs.where(runs.longColumn("seed").isEqualTo(seed)).sortAscendingOn("epoch");
            for (String column : columns) {
                double start = run.doubleColumn(column).get(0);
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Row row : run) {
                    double value = row.getDouble(column);
                    if (Double.isFinite(value) && start != 0) {
                        x.add((double) row.getInt("epoch"));
                        y.add(value / start);
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(
                            arm + " "
                                    + column.substring(
                                            prefix.length() > 0 && column.startsWith("energy_")
                                                    ? "energy_".length()
                                                    : 0),
                            x,
                            y);
                }
            }
        }
        return chart;
    }

    /**
     * Each arm's step time over the baseline's, as bars; the baseline is 1.
     *
     * @param summary a table with columns {@code arm} and {@code overhead}
     */
    public static CategoryChart overhead(Table summary) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Training cost per arm")
                .xAxisTitle("Arm")
                .yAxisTitle("Step time / baseline's step time (x)")
                .build();
        Styler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.00");
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Row row : summary) {
            double overhead = row.getDouble("overhead");
            if (Double.isFinite(overhead)) {
                names.add(row.getString("arm"));
                values.add(overhead);
            }
        }
        if (names.isEmpty()) {
            names.add("none");
            values.add(0.0);
        }
        chart.addSeries("overhead", names, values).setFillColor(PALETTE[0]);
        return chart;
    }

    /**
     * One named line of a {@link #lines} chart: the points {@code (x[i], y[i])}.
     *
     * @param name the legend entry
     * @param x the horizontal values
     * @param y the vertical values, as many as {@code x}
     */
    public record Series(String name, double[] x, double[] y) {

        /** Checks that the series has a name and as many y values as x values. */
        public Series {
            if (name == null || x == null || y == null || x.length != y.length) {
                throw new IllegalArgumentException("a series needs a name and as many y values as x values");
            }
        }
    }

    /**
     * A line chart of any named series (one line with circle markers per series, in the palette's
     * colours), with the given titles; the x axis shows two decimals.
     */
    public static XYChart lines(String title, String xTitle, String yTitle, List<Series> series) {
        XYChart chart = lineChart(title, xTitle, yTitle);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        int index = 0;
        for (Series one : series) {
            Color color = PALETTE[index++ % PALETTE.length];
            XYSeries line = chart.addSeries(one.name(), one.x(), one.y());
            line.setLineColor(color);
            line.setMarkerColor(color);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }

    /** The chart as an image, for a notebook cell. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes the chart as a PNG file ({@code .png} is added if missing). */
    public static void writePng(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.toString();
        BitmapEncoder.saveBitmap(
                chart,
                name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static void addMeanWithBand(
            XYChart chart, String arm, TreeMap<Integer, List<Double>> byEpoch, Color color) {
        int n = byEpoch.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] sd = new double[n];
        boolean band = false;
        int i = 0;
        for (var entry : byEpoch.entrySet()) {
            x[i] = entry.getKey();
            List<Double> values = entry.getValue();
            mean[i] = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            if (values.size() > 1) {
                double m = mean[i];
                double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
                sd[i] = Math.sqrt(ss / (values.size() - 1));
                band = true;
            }
            i++;
        }
        if (band) {
            double[] bx = new double[2 * n + 1];
            double[] by = new double[2 * n + 1];
            for (int k = 0; k < n; k++) {
                bx[k] = x[k];
                by[k] = mean[k] + sd[k];
                bx[2 * n - 1 - k] = x[k];
                by[2 * n - 1 - k] = mean[k] - sd[k];
            }
            bx[2 * n] = bx[0];
            by[2 * n] = by[0];
            XYSeries area = chart.addSeries(arm + " (band)", bx, by);
            area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
            area.setLineColor(new Color(0, 0, 0, 0));
            area.setMarker(SeriesMarkers.NONE);
            area.setShowInLegend(false);
        }
        XYSeries line = chart.addSeries(arm, x, mean);
        line.setLineColor(color);
        line.setMarkerColor(color);
        line.setMarker(SeriesMarkers.CIRCLE);
        line.setLineStyle(new BasicStroke(2f));
    }

    private static TreeMap<Integer, List<Double>> valuesByEpoch(Table table, String arm, String column, double scale) {
        TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
        for (Row row : table) {
            if (row.getString("arm").equals(arm)) {
                byEpoch.computeIfAbsent(row.getInt("epoch"), k -> new ArrayList<>())
                        .add(row.getDouble(column) * scale);
            }
        }
        return byEpoch;
    }

    private static Set<String> arms(Table table) {
        Set<String> arms = new LinkedHashSet<>();
        for (Row row : table) {
            arms.add(row.getString("arm"));
        }
        return arms;
    }
}
