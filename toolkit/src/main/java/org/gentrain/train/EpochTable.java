package org.gentrain.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Rows of epochs, as {@link Learner#fit} and ablations show them: {@code epoch}, {@code
 * train_loss}, {@code test_accuracy}, {@code step_ms}, then one column per metric that any row
 * has (NaN where a row lacks it), in the order first seen.
 */
public final class EpochTable {

    private record Row(int epoch, double loss, double accuracy, double stepMillis, Map<String, Double> metrics) {}

    private final List<Row> rows = new ArrayList<>();

    /** Adds a row. */
    public EpochTable add(
            int epoch, double trainLoss, double testAccuracy, double stepMillis, Map<String, Double> metrics) {
        rows.add(new Row(epoch, trainLoss, testAccuracy, stepMillis, new LinkedHashMap<>(metrics)));
        return this;
    }

    /** The rows as a table of that name. */
    public Table toTable(String name) {
        Set<String> metricNames = new LinkedHashSet<>();
        rows.forEach(r -> metricNames.addAll(r.metrics().keySet()));
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn loss = DoubleColumn.create("train_loss");
        DoubleColumn accuracy = DoubleColumn.create("test_accuracy");
        DoubleColumn step = DoubleColumn.create("step_ms");
        Map<String, DoubleColumn> metrics = new LinkedHashMap<>();
        metricNames.forEach(m -> metrics.put(m, DoubleColumn.create(m)));
        for (Row row : rows) {
            epoch.append(row.epoch());
            loss.append(row.loss());
            accuracy.append(row.accuracy());
            step.append(row.stepMillis());
            metrics.forEach((m, column) -> column.append(row.metrics().getOrDefault(m, Double.NaN)));
        }
        Table table = Table.create(name, epoch, loss, accuracy, step);
        metrics.values().forEach(table::addColumns);
        return table;
    }
}
