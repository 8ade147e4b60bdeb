package org.gentrain.cli;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Devices;
import org.gentrain.train.OptimizerSettings;
import picocli.CommandLine.Option;

/** The settings every training command shares: device, seed, batch, optimizer, technique knobs. */
final class RunOptions {

    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "auto|cpu|gpu",
            description =
                    "Where to train: a GPU where DJL sees one (auto), or the one named. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of initialisation, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.05", description = "SGD learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    @Option(names = "--copies", description = "MaxUp: augmented copies per example (m >= 1). Default: 4.")
    Integer copies;

    @Option(names = "--augment", description = "MaxUp: cutout, gauss, crop, flip, mixup or cutmix. Default: cutout.")
    String augment;

    @Option(names = "--alpha", description = "GCE: the guiding exponent (default 0.2).")
    Double alpha;

    @Option(names = "--lambda", description = "Energy regularisers: the weight of the energy (default 1e-2).")
    Double lambda;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any other technique setting, such as --set sigma=0.5 or --set dims=30.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Checks the options; throws IllegalArgumentException naming the bad one. */
    void validate() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, was " + batchSize);
        }
        optimizer();
        device();
    }

    Device device() {
        return Devices.choose(device);
    }

    OptimizerSettings optimizer() {
        try {
            return new OptimizerSettings(learningRate, momentum, weightDecay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--"
                    + e.getMessage().replaceFirst("^learningRate", "lr").replaceFirst("^weightDecay", "weight-decay"));
        }
    }

    ArmOptions armOptions() {
        Map<String, String> map = new LinkedHashMap<>(settings);
        if (copies != null) {
            map.put("copies", copies.toString());
        }
        if (augment != null) {
            map.put("augment", augment);
        }
        if (alpha != null) {
            map.put("alpha", alpha.toString());
        }
        if (lambda != null) {
            map.put("lambda", lambda.toString());
        }
        return ArmOptions.of(map);
    }
}
