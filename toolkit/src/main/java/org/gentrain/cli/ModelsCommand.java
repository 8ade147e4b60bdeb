package org.gentrain.cli;

import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.gentrain.models.Models;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gentrain models}: lists the models with their parameter counts for an input shape. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the models with their number of trainable parameters for an input shape and class count.")
final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--input-shape",
            defaultValue = "3x32x32",
            paramLabel = "CxHxW",
            description = "One example's shape. Default: ${DEFAULT-VALUE}.")
    String inputShape;

    @Option(
            names = "--classes",
            defaultValue = "10",
            paramLabel = "K",
            description = "Number of classes. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Parameters(
            arity = "0..*",
            paramLabel = "NAME",
            description = "Models to list (any resnetD or wrn-D-K too). Default: the listed models.")
    List<String> names;

    @Override
    public void run() {
        Shape shape;
        List<String> chosen;
        try {
            shape = parseShape(inputShape);
            if (classes < 1) {
                throw new IllegalArgumentException("--classes must be >= 1, was " + classes);
            }
            chosen = names == null || names.isEmpty() ? Models.names() : names;
            for (String name : chosen) {
                Models.description(name);
                Models.create(name, shape, classes);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Models for input %s and %d classes:%n", inputShape, classes);
        out.printf(Locale.ROOT, "%-16s %12s  %s%n", "name", "parameters", "description");
        for (String name : chosen) {
            long count = Models.parameterCount(name, shape, classes);
            out.printf(
                    Locale.ROOT, "%-16s %,12d  %s%n", name.toLowerCase(Locale.ROOT), count, Models.description(name));
            out.flush();
        }
        out.println("Names: " + Models.allowedNames() + ".");
        out.flush();
    }

    /** {@code CxHxW} as a shape; one line naming the option if it is not three positive integers. */
    static Shape parseShape(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        String error = "--input-shape must be CxHxW with positive integers (such as 3x32x32), was '" + text + "'";
        if (parts.length != 3) {
            throw new IllegalArgumentException(error);
        }
        long[] dims = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                dims[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(error, e);
            }
            if (dims[i] < 1 || dims[i] > 65536) {
                throw new IllegalArgumentException(error);
            }
        }
        return new Shape(dims);
    }
}
