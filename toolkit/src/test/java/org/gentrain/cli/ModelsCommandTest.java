package org.gentrain.cli;

import static org.gentrain.cli.GentrainCommandTest.assertUsageError;
import static org.gentrain.cli.GentrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.gentrain.cli.GentrainCommandTest.Outcome;
import org.gentrain.models.Models;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    private static String row(String name, Shape shape, int classes) {
        return String.format(
                Locale.ROOT,
                "%-16s %,12d  %s",
                name,
                Models.parameterCount(name, shape, classes),
                Models.description(name));
    }

    @Test
    void listsEveryModelWithItsParameterCountForCifarShapedInputByDefault() {
        Outcome outcome = run("models");
        assertEquals(0, outcome.code(), outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals("Models for input 3x32x32 and 10 classes:", lines.get(0));
        for (String name : Models.names()) {
            assertTrue(
                    lines.stream()
                            .anyMatch(line -> line.startsWith(String.format(Locale.ROOT, "%-16s ", name))
                                    && line.endsWith("  " + Models.description(name))),
                    name + " in\n" + outcome.out());
        }
        assertTrue(lines.contains(row("resnet20", new Shape(3, 32, 32), 10)), outcome.out());
        assertTrue(outcome.out().contains("preact-resnet18    11,171,146  "), outcome.out());
        assertTrue(outcome.out().contains("wrn-28-10          36,479,194  "), outcome.out());
    }

    @Test
    void listsNamedModelsForAnotherShapeAndClassCount() {
        Outcome outcome = run("models", "--input-shape", "1x28x28", "--classes", "100", "resnet32", "WRN-10-2");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains(row("resnet32", new Shape(1, 28, 28), 100)), outcome.out());
        assertTrue(outcome.out().contains(row("wrn-10-2", new Shape(1, 28, 28), 100)), outcome.out());
        assertEquals(5, outcome.out().lines().count(), outcome.out()); // title, header, two models, names
    }

    @Test
    void badShapesClassesAndNamesAreOneLineUsageErrors() {
        assertUsageError(
                "--input-shape must be CxHxW with positive integers (such as 3x32x32), was '3x32'",
                "models",
                "--input-shape",
                "3x32");
        assertUsageError("--classes must be >= 1, was 0", "models", "--classes", "0");
        assertUsageError(
                "WideResNet depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, 40, ...), was 12", "models", "wrn-12-2");
        assertUsageError("model must be one of " + Models.allowedNames() + "; was 'resnet'", "models", "resnet");
    }
}
