package org.gentrain.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gentrain.data.KnownDataset;
import org.gentrain.models.Models;
import org.gentrain.train.LearningRateSchedule;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.TrainAugmentation;

/**
 * A paper's training protocol as a readable preset file: data set, model, optimiser, schedule,
 * epochs, batch size, training augmentation, the arms to compare, and the figures the paper
 * reports with their source. The files live in {@code org/gentrain/protocols/} (in the jar and
 * the repository); {@code gentrain protocol list} shows them and {@code gentrain protocol run}
 * runs one as an ablation.
 *
 * <p>The format: one {@code key = value} per line, {@code #} starts a comment. Keys: {@code
 * title}, {@code source}, {@code dataset}, {@code model}, {@code optimizer} ({@code sgd} or {@code
 * adam}), {@code lr}, {@code momentum} (sgd), {@code weight-decay}, {@code schedule} (the grammar
 * of {@link LearningRateSchedule#GRAMMAR}), {@code epochs}, {@code batch-size}, {@code
 * train-augmentation} ({@code none} or {@code crop-flip:P}), {@code arms} (comma-separated arm
 * names), {@code reported-metric} ({@code test error (%)} or {@code test accuracy (%)}), {@code
 * reported.<arm>} (the paper's figure for an arm), {@code note}.
 *
 * @param name the file's name without {@code .protocol}
 * @param title one line saying what is compared
 * @param source the paper (and table or code) the settings and figures come from
 * @param dataset the data set
 * @param model the model's name ({@link Models})
 * @param optimizer the optimiser with its schedule
 * @param epochs the number of epochs
 * @param batchSize the batch size
 * @param trainAugmentation the augmentation of every training batch, as written ({@code none} or {@code crop-flip:P})
 * @param arms the arms, the baseline first
 * @param reportedMetric what the reported figures measure
 * @param reported the paper's figure per arm
 * @param note anything a reader should know about deviations or missing figures
 */
public record Protocol(
        String name,
        String title,
        String source,
        KnownDataset dataset,
        String model,
        OptimizerSettings optimizer,
        int epochs,
        int batchSize,
        String trainAugmentation,
        List<String> arms,
        String reportedMetric,
        Map<String, Double> reported,
        String note) {

    /** The protocols that ship with the toolkit, in the order {@code protocol list} shows them. */
    public static final List<String> BUILT_IN = List.of(
            "cot-cifar10",
            "hcot-cifar100",
            "maxup-cutout-cifar10",
            "maxup-cutout-cifar100",
            "mhe-cifar100",
            "opt-cifar100",
            "gce-fashion-mnist");

    private static final Set<String> KEYS = Set.of(
            "title",
            "source",
            "dataset",
            "model",
            "optimizer",
            "lr",
            "momentum",
            "weight-decay",
            "schedule",
            "epochs",
            "batch-size",
            "train-augmentation",
            "arms",
            "reported-metric",
            "note");

    /** Freezes the lists. */
    public Protocol {
        arms = List.copyOf(arms);
        reported = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reported));
    }

    /** Every protocol that ships with the toolkit. */
    public static List<Protocol> builtIn() {
        List<Protocol> list = new ArrayList<>();
        for (String name : BUILT_IN) {
            list.add(named(name));
        }
        return list;
    }

    /**
     * The built-in protocol of that name.
     *
     * @throws IllegalArgumentException listing the names, for an unknown one
     */
    public static Protocol named(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException(
                    "protocol must be one of " + String.join(", ", BUILT_IN) + ", was '" + name + "'");
        }
        try (InputStream in = Protocol.class.getResourceAsStream("/org/gentrain/protocols/" + name + ".protocol")) {
            if (in == null) {
                throw new IllegalStateException("protocol file " + name + ".protocol is missing from the jar");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a protocol file's text.
     *
     * @throws IllegalArgumentException one line naming the protocol, the field and what it must be
     */
    public static Protocol parse(String name, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Double> reported = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // an arm in a reported.<arm> key may hold '=' itself (maxup@copies=10): its value follows the last one
            int eq = line.startsWith("reported.") ? line.lastIndexOf('=') : line.indexOf('=');
            if (eq <= 0) {
                throw error(name, "line " + lineNumber + " must be KEY = VALUE, was '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.startsWith("reported.")) {
                reported.put(key.substring("reported.".length()), number(name, key, value));
                continue;
            }
            if (!KEYS.contains(key)) {
                throw error(
                        name,
                        "unknown field '" + key + "'; fields: " + String.join(", ", new java.util.TreeSet<>(KEYS))
                                + " and reported.<arm>");
            }
            if (fields.put(key, value) != null) {
                throw error(name, "field " + key + " is given twice");
            }
        }
        for (String required : List.of("title", "source", "dataset", "model", "optimizer", "lr", "epochs", "arms")) {
            if (!fields.containsKey(required) || fields.get(required).isEmpty()) {
                throw error(name, "field " + required + " is missing");
            }
        }
        KnownDataset dataset;
        try {
            dataset = KnownDataset.named(fields.get("dataset"));
        } catch (IllegalArgumentException e) {
            throw error(
                    name,
                    "field dataset must be one of " + KnownDataset.names() + ", was '" + fields.get("dataset") + "'");
        }
        String model = fields.get("model");
        try {
            Models.description(model);
        } catch (IllegalArgumentException e) {
            throw error(name, "field model: " + e.getMessage());
        }
        int epochs = integer(name, "epochs", fields.get("epochs"));
        int batchSize = integer(name, "batch-size", fields.getOrDefault("batch-size", "128"));
        float lr = (float) positive(name, "lr", fields.get("lr"));
        float decay = (float) number(name, "weight-decay", fields.getOrDefault("weight-decay", "0"));
        OptimizerSettings optimizer;
        String kind = fields.get("optimizer").toLowerCase(Locale.ROOT);
        try {
            if (kind.equals("sgd")) {
                float momentum = (float) number(name, "momentum", fields.getOrDefault("momentum", "0.9"));
                optimizer = OptimizerSettings.sgd(lr, momentum, decay);
            } else if (kind.equals("adam")) {
                if (fields.containsKey("momentum")) {
                    throw error(name, "field momentum is an SGD setting; optimizer is adam");
                }
                optimizer = OptimizerSettings.adam(
                        lr,
                        OptimizerSettings.ADAM_BETA1,
                        OptimizerSettings.ADAM_BETA2,
                        OptimizerSettings.ADAM_EPSILON,
                        decay);
            } else {
                throw error(name, "field optimizer must be sgd or adam, was '" + fields.get("optimizer") + "'");
            }
            optimizer = optimizer.withSchedule(
                    LearningRateSchedule.parse(fields.getOrDefault("schedule", "constant"), epochs));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("protocol ")) {
                throw e;
            }
            throw error(name, e.getMessage());
        }
        String augmentation = fields.getOrDefault("train-augmentation", "none");
        trainAugmentation(name, augmentation);
        List<String> arms = new ArrayList<>();
        for (String arm : fields.get("arms").split(",")) {
            if (!arm.isBlank()) {
                arms.add(arm.strip());
            }
        }
        for (String arm : reported.keySet()) {
            if (!arms.contains(arm)) {
                throw error(
                        name,
                        "reported." + arm + " names no arm of the protocol; its arms: " + String.join(", ", arms));
            }
        }
        return new Protocol(
                name,
                fields.get("title"),
                fields.get("source"),
                dataset,
                model,
                optimizer,
                epochs,
                batchSize,
                augmentation,
                arms,
                fields.getOrDefault("reported-metric", "test accuracy (%)"),
                reported,
                fields.getOrDefault("note", ""));
    }

    /** The training augmentation the protocol names, or null for {@code none}. */
    public TrainAugmentation augmentation() {
        return trainAugmentation(name, trainAugmentation);
    }

    private static TrainAugmentation trainAugmentation(String name, String text) {
        try {
            return TrainAugmentation.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(name, "field " + e.getMessage());
        }
    }

    /** Whether the reported figures are errors (lower is better) rather than accuracies. */
    public boolean reportsError() {
        return reportedMetric.toLowerCase(Locale.ROOT).contains("error");
    }

    /** A final test accuracy as the reported metric measures it (percent accuracy or percent error). */
    public double asReported(double accuracy) {
        return reportsError() ? 100 * (1 - accuracy) : 100 * accuracy;
    }

    /** This protocol shortened to {@code epochs} (a CPU check); the schedule is recomputed for them. */
    public Protocol withEpochs(int newEpochs) {
        if (newEpochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + newEpochs);
        }
        OptimizerSettings shortened = optimizer.withSchedule(
                LearningRateSchedule.parse(optimizer.schedule().spec(), newEpochs));
        return new Protocol(
                name,
                title,
                source,
                dataset,
                model,
                shortened,
                newEpochs,
                batchSize,
                trainAugmentation,
                arms,
                reportedMetric,
                reported,
                note);
    }

    private static IllegalArgumentException error(String name, String message) {
        return new IllegalArgumentException("protocol " + name + ": " + message);
    }

    private static int integer(String name, String key, String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 0 && (parsed >= 1 || key.equals("train-augmentation"))) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(
                name,
                "field " + key + " must be an integer >= " + (key.equals("train-augmentation") ? 0 : 1) + ", was '"
                        + value + "'");
    }

    private static double number(String name, String key, String value) {
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed) && parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(name, "field " + key + " must be a number >= 0, was '" + value + "'");
    }

    private static double positive(String name, String key, String value) {
        double parsed = number(name, key, value);
        if (parsed <= 0) {
            throw error(name, "field " + key + " must be a number > 0, was '" + value + "'");
        }
        return parsed;
    }

    /** Everything a {@code protocol list} line shows. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%-22s %s%n%22s   %s, %s, %s, %d epochs, batch %d, %s; arms %s%n%22s   %s",
                name,
                title,
                "",
                dataset.cliName(),
                model,
                optimizer.describe(),
                epochs,
                batchSize,
                trainAugmentation,
                String.join(", ", arms),
                "",
                source);
    }

    @Override
    public String toString() {
        return Objects.requireNonNull(name);
    }
}
