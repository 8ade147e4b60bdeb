package org.gentrain.cli;

import java.util.concurrent.Callable;
import org.gentrain.train.Doctor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gentrain doctor}: prints {@link Doctor#report()}, what gentrain runs on and why {@code
 * --device auto} uses a GPU or the CPU. Exit code 0, or 1 if the engine failed to load.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Show Java, DJL, the libtorch loaded (version, cpu or cuXXX, where from), the NVIDIA "
                + "driver, the CUDA devices DJL sees, threads, and why --device auto picks a GPU or the CPU.")
final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Doctor.Report report = Doctor.report();
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        return report.engineLoaded() ? 0 : 1;
    }
}
