package org.gentrain.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gentrain.arms.Arm;
import org.gentrain.arms.ArmRegistry;
import org.gentrain.arms.ArmSpec;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.models.Models;
import org.gentrain.train.DivergedException;
import org.gentrain.train.EpochResult;
import org.gentrain.train.Learner;
import org.gentrain.train.OptimizerSettings;
import org.gentrain.train.ProgressBar;
import org.gentrain.train.Recipe;
import org.gentrain.train.TrainAugmentation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gentrain train}: trains one model with one recipe and prints its test accuracy. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a model on Fashion-MNIST (or --dataset mnist|cifar10|cifar100) with one objective, any "
                + "regularisers and transforms, an optimizer (sgd or adam) and a learning-rate schedule; print the "
                + "test accuracy after every epoch.")
final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--objective",
            defaultValue = "erm",
            description = "The objective, or a whole arm such as maxup-cutout+mhe@copies=8 (the grammar of ablate "
                    + "and bench). Default: ${DEFAULT-VALUE}. See 'gentrain arms'.")
    String objective;

    @Option(
            names = "--regularize",
            split = ",",
            paramLabel = "NAME",
            description = "Regularisers, such as mhe or comhe-rp.")
    List<String> regularizers = new ArrayList<>();

    @Option(
            names = "--transform",
            split = ",",
            paramLabel = "NAME",
            description = "Model transforms, such as opt-cayley.")
    List<String> transforms = new ArrayList<>();

    @Option(
            names = "--model",
            defaultValue = "smallcnn",
            paramLabel = "NAME",
            description =
                    "The model (see 'gentrain models'): smallcnn, mlp, preact-resnet18, resnet20, wrn-16-4, vgg9, ... "
                            + "Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--epochs", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--train-augmentation",
            defaultValue = "none",
            paramLabel = "none|crop-flip:P",
            description = "Augment every training batch (never evaluation): crop-flip:P pads P pixels, crops at a "
                    + "random offset and flips half the images (crop-flip:4 for CIFAR). Default: ${DEFAULT-VALUE}.")
    String trainAugmentation;

    @Mixin
    RunOptions run;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    DataOptions dataOptions;

    @Override
    public void run() {
        Arm arm;
        Recipe recipe;
        Device device;
        OptimizerSettings optimizer;
        TrainAugmentation augmentation;
        try {
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
            }
            run.validate();
            optimizer = optimizerOptions.settings(
                    run.learningRate,
                    run.momentum,
                    spec.commandLine().getParseResult().hasMatchedOption("--momentum"),
                    run.weightDecay,
                    epochs);
            augmentation = trainAugmentation(trainAugmentation);
            dataOptions.validate();
            Models.description(model);
            arm = ArmRegistry.global().resolve(armName(), run.armOptions());
            recipe = arm.newRecipe();
            optimizer = arm.optimizer(optimizer);
            device = run.device();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainTestSplit data = dataOptions.load(run.seed);
        int stepsPerEpoch = (data.train().size() + run.batchSize - 1) / run.batchSize;
        ProgressBar bar = new ProgressBar(System.err, recipe.name(), stepsPerEpoch, epochs);
        Learner built;
        try {
            Learner.Builder builder = Learner.builder()
                    .setModel(Models.create(
                            model, data.train().imageShape(), data.train().numClasses()))
                    .setInputShape(data.train().imageShape())
                    .optRecipe(recipe)
                    .optOptimizer(optimizer)
                    .optSeed(run.seed)
                    .optBatchSize(run.batchSize)
                    .optDevice(device)
                    .addHook(bar);
            if (augmentation != null) {
                builder.optTrainAugmentation(augmentation);
            }
            built = builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        out.printf(
                "data: %s (%d train, %d test images)%n",
                data.source(), data.train().size(), data.test().size());
        out.printf("arm: %s, model %s, device %s, seed %d%n", arm.label(), model, device, run.seed);
        out.printf(
                "optimizer: %s, batch %d, train augmentation %s%n",
                optimizer.describe(), run.batchSize, augmentation == null ? "none" : augmentation.describe());
        out.flush();
        try (Learner learner = built) {
            for (int e = 1; e <= epochs; e++) {
                EpochResult result = learner.trainEpoch(data.train());
                double accuracy = learner.evaluate(data.test());
                out.printf(
                        Locale.ROOT,
                        "epoch %d: train loss %.4f, test accuracy %.4f, %.1f ms/step%n",
                        e,
                        result.meanLoss(),
                        accuracy,
                        result.medianStepMillis());
                out.flush();
            }
        } catch (DivergedException e) {
            throw new RunFailure(recipe.name() + " diverged: " + e.getMessage() + " (try a smaller --lr)", e);
        }
    }

    /** The arm that --objective, --regularize and --transform name together, settings last. */
    private String armName() {
        List<String> pieces = new ArrayList<>();
        pieces.add(objective);
        pieces.addAll(regularizers);
        pieces.addAll(transforms);
        return ArmSpec.join(pieces).label();
    }

    /** The augmentation {@code --train-augmentation} names, or {@code null} for none. */
    static TrainAugmentation trainAugmentation(String text) {
        try {
            return TrainAugmentation.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }
}
