package org.gentrain.cli;

import org.gentrain.ablation.ArmCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gentrain arms}: lists the names an arm can be built from. */
@Command(name = "arms", mixinStandardHelpOptions = true,
        description = "List the objectives, regularisers and transforms that arm names are built from.")
final class ArmsCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        out.println("objectives:   " + String.join(", ", ArmCatalog.objectives()));
        out.println("regularisers: " + String.join(", ", ArmCatalog.regularizers()));
        out.println("transforms:   " + String.join(", ", ArmCatalog.transforms()));
        out.println("An arm joins one objective with any regularisers and transforms: "
                + "maxup-cutout+comhe-rp+opt-cayley.");
        out.flush();
    }
}
