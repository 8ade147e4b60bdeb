package org.gentrain.ablation;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;
import java.util.Map;
import org.gentrain.train.OptimizerSettings;

/**
 * Everything that determines an ablation's numbers, written as {@code config.json} beside its
 * results so that the run can be repeated, and compared on {@code --resume} so that a folder is
 * never continued with other settings.
 *
 * @param dataSource where the data came from
 * @param trainSize the number of training images
 * @param testSize the number of test images
 * @param model the model's name
 * @param arms the arms, baseline first
 * @param seeds the seeds
 * @param epochs epochs per run
 * @param batchSize the batch size
 * @param optimizer the optimizer settings: kind, hyperparameters and learning-rate schedule
 * @param options the technique settings
 * @param device the device trained on
 */
public record AblationConfig(
        String dataSource,
        int trainSize,
        int testSize,
        String model,
        List<String> arms,
        List<Long> seeds,
        int epochs,
        int batchSize,
        OptimizerSettings optimizer,
        String trainAugmentation,
        Map<String, String> options,
        String device) {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Freezes the lists. */
    public AblationConfig {
        trainAugmentation = trainAugmentation == null ? "none" : trainAugmentation;
        arms = List.copyOf(arms);
        seeds = List.copyOf(seeds);
        options = Map.copyOf(options);
    }

    /** The baseline arm: the first. */
    public String baseline() {
        return arms.get(0);
    }

    /** This configuration as pretty-printed JSON. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** A configuration read from {@link #toJson()}. */
    public static AblationConfig fromJson(String json) {
        AblationConfig read = GSON.fromJson(json, AblationConfig.class);
        return new AblationConfig(
                read.dataSource,
                read.trainSize,
                read.testSize,
                read.model,
                read.arms,
                read.seeds,
                read.epochs,
                read.batchSize,
                read.optimizer,
                read.trainAugmentation,
                read.options,
                read.device);
    }
}
