package org.gentrain.cli;

import java.io.PrintWriter;
import org.gentrain.train.Devices;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gentrain} command: {@code train}, {@code bench}, {@code ablate}, {@code arms}, {@code models},
 * {@code doctor}, {@code robust-bench} and {@code lm}. Bad arguments get one clear line and exit code 2
 * before any training starts; a data or run failure gets one line and exit code 1.
 */
@Command(
        name = "gentrain",
        mixinStandardHelpOptions = true,
        versionProvider = GentrainCommand.Version.class,
        description = "Train neural networks that generalise better: MaxUp, complement objectives, "
                + "orthogonal over-parameterisation and hyperspherical energy, on DJL.",
        subcommands = {
            AblateCommand.class,
            TrainCommand.class,
            BenchCommand.class,
            ArmsCommand.class,
            ModelsCommand.class,
            DoctorCommand.class,
            RobustBenchCommand.class,
            ProtocolCommand.class,
            LanguageModelCommand.class
        })
public final class GentrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        Devices.forceOffline();
        CommandLine line = new CommandLine(new GentrainCommand());
        line.setParameterExceptionHandler((ex, arguments) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("gentrain: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof RunFailure || ex instanceof org.gentrain.data.DataFormatException) {
                err.println("gentrain: " + ex.getMessage());
                err.flush();
                return 1;
            }
            throw ex;
        });
        return line.execute(args);
    }

    /** The entry point of the jar. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** The toolkit's version, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GentrainCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gentrain " + (version == null ? "(development build)" : version)};
        }
    }
}
