package org.gentrain.cli;

import org.gentrain.arms.ArmRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gentrain arms}: the arm registry, with every part's settings, defaults and descriptions. */
@Command(
        name = "arms",
        mixinStandardHelpOptions = true,
        description = "List the parts arm names are built from (objectives, regularisers, transforms), each with "
                + "the settings it reads: default, allowed values, description.")
final class ArmsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        out.print(ArmRegistry.global().describe());
        out.flush();
    }
}
