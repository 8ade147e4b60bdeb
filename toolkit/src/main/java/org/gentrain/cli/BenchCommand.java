package org.gentrain.cli;

import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gentrain.bench.BenchResult;
import org.gentrain.bench.Benchmark;
import org.gentrain.bench.RandomImages;
import org.gentrain.data.ImageSet;
import org.gentrain.data.TrainTestSplit;
import org.gentrain.models.Models;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Devices;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gentrain bench}: the benchmark protocol {@code fmnist-smallcnn}; one JSON line per arm with
 * its median step time and its overhead over {@code erm} in the same run.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Time arms on the benchmark protocol (SmallCNN, Fashion-MNIST, SGD 0.05/0.9/5e-4, batch 128; --model and "
                        + "--input-shape time other networks on random images of that shape); "
                        + "print one JSON line per arm. Overheads are ratios to erm in the same run.")
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--arms",
            split = ",",
            defaultValue = "erm",
            description = "Arms to time; djl-bare is DJL's own EasyTrain loop. Default: ${DEFAULT-VALUE}.")
    List<String> arms = new ArrayList<>();

    @Option(
            names = "--steps",
            defaultValue = "60",
            description = "Steps per arm; steps 1-10 are warm-up. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description = "Run the arms in turn this many times; report medians. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(
            names = "--model",
            defaultValue = "smallcnn",
            paramLabel = "NAME",
            description = "The model to time (see 'gentrain models'). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--input-shape",
            paramLabel = "CxHxW",
            description = "Time on random images of this shape (such as 3x32x32 for CIFAR) instead of the data set.")
    String inputShape;

    @Option(
            names = "--classes",
            defaultValue = "10",
            description = "Classes of the random images. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "auto|cpu|gpu",
            description = "Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Technique settings, as for train.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Mixin
    DataOptions dataOptions;

    @Override
    public void run() {
        Benchmark benchmark;
        TrainTestSplit data;
        String source;
        try {
            dataOptions.validate();
            Devices.choose(device);
            if (steps < 11) {
                throw new IllegalArgumentException("--steps must be >= 11 (steps 1 to 10 are warm-up), was " + steps);
            }
            Models.description(model);
            ImageSet train;
            if (inputShape != null) {
                if (classes < 1) {
                    throw new IllegalArgumentException("--classes must be >= 1, was " + classes);
                }
                train = RandomImages.of(ModelsCommand.parseShape(inputShape), classes, 128 * steps, seed);
                data = null;
            } else {
                data = dataOptions.load(seed);
                train = data.train();
            }
            ImageSet images = train;
            benchmark = new Benchmark(
                    arms,
                    train,
                    () -> Models.create(model, images.imageShape(), images.numClasses()),
                    steps,
                    rounds,
                    seed,
                    Devices.choose(device),
                    ArmOptions.of(settings));
            source = data == null ? train.source() : data.source();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        System.err.println("bench: model " + model + ", data " + source + ", " + steps + " steps per arm");
        try {
            for (BenchResult result : benchmark.run(System.err::println)) {
                out.println(result.toJson());
            }
        } catch (IOException | TranslateException e) {
            throw new RunFailure("benchmark failed: " + e.getMessage(), e);
        }
        out.flush();
    }
}
