package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import com.google.gson.JsonArray;
import java.util.List;
import java.util.stream.Stream;
import org.gentrain.data.LabelGroups;
import org.gentrain.testing.ReferenceVectors;
import org.gentrain.testing.ReferenceVectors.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HCOT's inner and outer complement entropies against the shared reference vectors ({@code
 * hcot.json}: equal groups, sharp logits, and Fashion-MNIST's unequal groups), values and
 * gradients in float64 (the cases' tolerance) and float32 (1e-4 relative), plus closed forms,
 * numerical safety and the checks of their inputs.
 */
class HierarchicalComplementEntropyTest {

    static Stream<Arguments> cases() {
        List<Case> cases = ReferenceVectors.load("hcot.json");
        assertEquals(3, cases.size(), "hcot.json cases");
        return cases.stream()
                .flatMap(c -> Stream.of("inner", "outer")
                        .flatMap(term -> Stream.of(
                                Arguments.of(c, term, DataType.FLOAT64), Arguments.of(c, term, DataType.FLOAT32))));
    }

    static LabelGroups groupsOf(Case c) {
        JsonArray json = c.params().getAsJsonArray("groups");
        int[] groups = new int[json.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = json.get(i).getAsInt();
        }
        return LabelGroups.ofCoarseLabels(groups);
    }

    @ParameterizedTest(name = "{0} {1} in {2}")
    @MethodSource("cases")
    void valueAndGradientMatchTheReferenceCode(Case c, String term, DataType type) {
        double rtol = type == DataType.FLOAT64 ? c.rtol() : 1e-4;
        LabelGroups groups = groupsOf(c);
        Loss loss = term.equals("inner") ? new InnerComplementEntropy(groups) : new OuterComplementEntropy(groups);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = c.inputs().get("logits").toNDArray(manager, type);
            NDArray labels = manager.create(c.inputs().get("labels").asInts());
            logits.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                value = loss.evaluate(new NDList(labels), new NDList(logits));
                collector.backward(value);
            }
            assertEquals(type, value.getDataType());
            assertEquals(new Shape(), value.getShape());
            double expected = c.outputs().get(term).data()[0];
            assertEquals(
                    expected,
                    value.toType(DataType.FLOAT64, false).getDouble(),
                    rtol * Math.abs(expected),
                    c.name() + " " + term + " value");
            double[] grad = logits.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] want = c.grads().get(term + ".logits").data();
            assertEquals(want.length, grad.length);
            double largest = 0;
            for (double w : want) {
                largest = Math.max(largest, Math.abs(w));
            }
            for (int i = 0; i < want.length; i++) {
                // Relative, with a floor of rtol * 1e-3 * the largest entry (float64) for entries that
                // are zero up to rounding; float32 relative to the entry plus the largest one.
                double tolerance = type == DataType.FLOAT64
                        ? rtol * Math.abs(want[i]) + rtol * 1e-3 * largest
                        : rtol * (Math.abs(want[i]) + largest);
                assertEquals(want[i], grad[i], tolerance, c.name() + " " + term + " gradient [" + i + "]");
            }
        }
    }

    @Test
    void sumLossIsInnerPlusOuterPerExample() {
        LabelGroups groups = LabelGroups.fashionMnist();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(5, 10));
            NDArray labels = manager.create(new int[] {0, 1, 5, 8, 9});
            HierarchicalComplementEntropy both = new HierarchicalComplementEntropy(groups);
            float[] sum = both.perExample(logits, labels).toFloatArray();
            float[] inner = new InnerComplementEntropy(groups)
                    .perExample(logits, labels)
                    .toFloatArray();
            float[] outer = new OuterComplementEntropy(groups)
                    .perExample(logits, labels)
                    .toFloatArray();
            for (int i = 0; i < 5; i++) {
                assertEquals(inner[i] + outer[i], sum[i], 1e-6f);
                assertTrue(inner[i] <= 0 && outer[i] <= 0, "terms are minus entropies: " + inner[i] + ", " + outer[i]);
            }
            assertEquals(
                    both.perExample(logits, labels).mean().getFloat(),
                    both.evaluate(new NDList(labels), new NDList(logits)).getFloat(),
                    1e-6f);
        }
    }

    @Test
    void equalLogitsGiveMinusLogOfTheWrongClassCountsOverGroupSizeAndK() {
        // All logits equal: inside a group of size s, q is uniform over its s - 1 wrong classes, so
        // inner_i = -log(s - 1) / s (0 for s = 2, one wrong class, and for s = 1, none);
        // outside, r is uniform over K - s classes, so outer_i = -log(K - s) / K.
        LabelGroups groups = LabelGroups.fashionMnist();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(4, 10), DataType.FLOAT64);
            NDArray labels = manager.create(new int[] {0, 1, 5, 8}); // groups of size 4, 2, 3, 1
            double[] inner = new InnerComplementEntropy(groups)
                    .perExample(logits, labels)
                    .toDoubleArray();
            double[] outer = new OuterComplementEntropy(groups)
                    .perExample(logits, labels)
                    .toDoubleArray();
            int[] sizes = {4, 2, 3, 1};
            for (int i = 0; i < 4; i++) {
                double wantInner = sizes[i] == 1 ? 0 : -Math.log(sizes[i] - 1) / sizes[i];
                assertEquals(wantInner, inner[i], 1e-6, "inner of a group of " + sizes[i]);
                assertEquals(-Math.log(10 - sizes[i]) / 10, outer[i], 1e-6, "outer of a group of " + sizes[i]);
            }
        }
    }

    @Test
    void logitsOfMagnitude1e4InFloat32GiveFiniteValuesAndGradients() {
        LabelGroups groups = LabelGroups.parse("0,1|2,3");
        try (NDManager manager = NDManager.newBaseManager()) {
            // A dominant true class, a dominant class in the other group, a tie far above the rest, all equal.
            NDArray logits = manager.create(
                    new float[] {
                        1e4f, -1e4f, 0f, 5e3f, -1e4f, 1e4f, -1e4f, 0f, 0f, 1e4f, 1e4f, -1e4f, 1e4f, 1e4f, 1e4f, 1e4f
                    },
                    new Shape(4, 4));
            NDArray labels = manager.create(new int[] {0, 2, 3, 1});
            for (Loss loss : List.of(new InnerComplementEntropy(groups), new OuterComplementEntropy(groups))) {
                NDArray x = logits.duplicate();
                x.setRequiresGradient(true);
                NDArray value;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    value = loss.evaluate(new NDList(labels), new NDList(x));
                    collector.backward(value);
                }
                assertTrue(Float.isFinite(value.getFloat()), loss.getName() + " value " + value.getFloat());
                for (float g : x.getGradient().toFloatArray()) {
                    assertTrue(Float.isFinite(g), loss.getName() + " gradient " + g);
                }
            }
        }
    }

    @Test
    void logitsOfAnotherWidthThanTheTreeAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(2, 9));
            NDArray labels = manager.create(new int[] {0, 1});
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new InnerComplementEntropy(LabelGroups.fashionMnist()).mean(logits, labels));
            assertEquals("groups map 10 classes but the logits of shape (2, 9) has 9 classes", e.getMessage());
        }
    }

    @Test
    void labelsOutsideTheClassesAreRejectedNamingBothShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(2, 10));
            NDArray labels = manager.create(new int[] {0, 10});
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new OuterComplementEntropy(LabelGroups.fashionMnist()).mean(logits, labels));
            assertEquals(
                    "labels must be in [0, 10) for logits of shape (2, 10), labels of shape (2) hold 10",
                    e.getMessage());
        }
    }
}
