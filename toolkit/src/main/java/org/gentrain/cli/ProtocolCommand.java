package org.gentrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gentrain.ablation.Ablation;
import org.gentrain.ablation.AblationResult;
import org.gentrain.data.DataFormatException;
import org.gentrain.data.DataSources;
import org.gentrain.protocol.Protocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gentrain protocol list|run}: the papers' protocols as ablations. */
@Command(
        name = "protocol",
        mixinStandardHelpOptions = true,
        description = "The papers' training protocols (model, data, optimiser, schedule, arms, reported figures).",
        subcommands = {ProtocolCommand.ListProtocols.class, ProtocolCommand.RunProtocol.class})
final class ProtocolCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code gentrain protocol list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the protocols.")
    static final class ListProtocols implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (Protocol protocol : Protocol.builtIn()) {
                out.println(protocol.describe());
            }
            out.println("Run one with: gentrain protocol run NAME [--epochs N] [--seeds 1,2,3] [--out FOLDER]");
            out.flush();
        }
    }

    /** {@code gentrain protocol run NAME}. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Run a protocol as an ablation and print the paper's figures beside the measured ones.")
    static final class RunProtocol implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The protocol (see 'gentrain protocol list').")
        String name;

        @Option(names = "--epochs", description = "Shorten the protocol to this many epochs (a CPU check).")
        Integer epochs;

        @Option(names = "--seeds", split = ",", defaultValue = "1", description = "Seeds. Default: ${DEFAULT-VALUE}.")
        List<Long> seeds = new ArrayList<>();

        @Option(names = "--out", paramLabel = "FOLDER", description = "Default: results-NAME.")
        Path out;

        @Option(names = "--overwrite", description = "Replace results already in --out.")
        boolean overwrite;

        @Option(names = "--resume", description = "Continue an interrupted run in --out.")
        boolean resume;

        @Option(
                names = "--device",
                defaultValue = "auto",
                paramLabel = "auto|cpu|gpu",
                description = "Default: ${DEFAULT-VALUE}.")
        String device;

        @Option(
                names = "--data",
                paramLabel = "PATH",
                description = "The data set's folder (else the usual search order).")
        Path data;

        @Option(
                names = "--train-size",
                paramLabel = "N",
                description = "Use a class-balanced subset of N training images.")
        Integer trainSize;

        @Option(names = "--test-size", paramLabel = "N", description = "Use a class-balanced subset of N test images.")
        Integer testSize;

        @Override
        public void run() {
            Protocol protocol;
            Ablation ablation;
            Path folder;
            try {
                protocol = Protocol.named(name);
                if (epochs != null) {
                    protocol = protocol.withEpochs(epochs);
                }
                Protocol chosen = protocol;
                try {
                    protocol.dataset().locate(Optional.ofNullable(data), DataSources.fromEnvironment());
                } catch (DataFormatException e) {
                    throw new IllegalArgumentException(
                            "protocol " + name + " needs " + protocol.dataset().displayName() + ": " + e.getMessage(),
                            e);
                }
                folder = out == null ? Path.of("results-" + name) : out;
                long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
                ablation = Ablation.builder()
                        .arms(protocol.arms())
                        .model(protocol.model())
                        .optimizer(protocol.optimizer())
                        .trainAugmentation(protocol.augmentation())
                        .epochs(protocol.epochs())
                        .batchSize(protocol.batchSize())
                        .seeds(seedArray)
                        .device(device)
                        .output(folder)
                        .overwrite(overwrite)
                        .resume(resume)
                        .dataSource(
                                () -> chosen.dataset().load(Optional.ofNullable(data), DataSources.fromEnvironment()));
                if (trainSize != null) {
                    ablation.trainSize(trainSize);
                }
                if (testSize != null) {
                    ablation.testSize(testSize);
                }
                ablation.validateNow();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            PrintWriter writer = spec.commandLine().getOut();
            writer.println("protocol " + protocol.name() + ": " + protocol.title());
            writer.println("source: " + protocol.source());
            writer.flush();
            AblationResult result = ablation.run();
            writer.println();
            writer.println(result);
            writer.printf(
                    Locale.ROOT,
                    "%-40s %12s %12s   (%s; %d epochs here, %d in the paper's protocol)%n",
                    "arm",
                    "paper",
                    "measured",
                    protocol.reportedMetric(),
                    protocol.epochs(),
                    Protocol.named(name).epochs());
            for (int i = 0; i < result.summary().rowCount(); i++) {
                String arm = result.summary().stringColumn("arm").get(i);
                double accuracy = result.summary().doubleColumn("acc_mean").get(i);
                Double paper = protocol.reported().get(arm);
                writer.printf(
                        Locale.ROOT,
                        "%-40s %12s %12.2f%n",
                        arm,
                        paper == null ? "-" : String.format(Locale.ROOT, "%.2f", paper),
                        protocol.asReported(accuracy));
            }
            if (!protocol.note().isEmpty()) {
                writer.println("note: " + protocol.note());
            }
            writer.println("results written to " + folder.toAbsolutePath());
            writer.flush();
        }
    }
}
