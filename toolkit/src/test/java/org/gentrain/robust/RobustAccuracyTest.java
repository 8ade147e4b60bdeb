package org.gentrain.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.gentrain.data.ImageSet;
import org.gentrain.models.Mlp;
import org.gentrain.train.Learner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Robust accuracy of a small trained model: its invariants in the budget and the number of steps. */
class RobustAccuracyTest {

    private static final PixelSpace SPACE = PixelSpace.of(PixelImages.NORMALIZATION);
    private static final ImageSet TRAIN = PixelImages.squares(256, 8, 4, 21);
    private static final ImageSet TEST = PixelImages.squares(48, 8, 4, 22);
    private static Learner learner;

    @BeforeAll
    static void train() {
        learner = Learner.builder()
                .setModel(Mlp.create(4, 64))
                .setInputShape(TRAIN.imageShape())
                .optBatchSize(32)
                .optSeed(4)
                .build();
        for (int epoch = 0; epoch < 3; epoch++) {
            learner.trainEpoch(TRAIN);
        }
    }

    @AfterAll
    static void close() {
        learner.close();
    }

    @Test
    void aZeroBudgetGivesCleanAccuracyForEveryAttack() {
        RobustAccuracy robust = RobustAccuracy.builder()
                .setModel(TargetModel.of(learner, SPACE))
                .setAttacks(AttackSpec.parse(
                        "fgsm:0,bim:0@steps=2,pgd:0@steps=2,mim:0@steps=2,pgd-l2:0@steps=2,mim-l2:0@steps=2", 1))
                .optChunkSize(20)
                .build();
        RobustAccuracy.Report report = robust.evaluate(TEST, learner.manager());
        double clean = learner.evaluate(TEST);
        assertTrue(clean > 0.5, "the model learned something: " + clean);
        assertEquals(clean, report.clean(), 0);
        for (RobustResult result : report.results()) {
            assertEquals(clean, result.accuracy(), 0, result.column());
            assertEquals(TEST.size(), result.total());
        }
    }

    @Test
    void moreStepsFromTheSameStartNeverRaiseRobustAccuracyOfAnyExample() {
        try (NDManager manager = learner.manager().newSubManager()) {
            NDArray x = TEST.imagesArray(manager);
            NDArray y = TEST.labelsArray(manager);
            TargetModel model = TargetModel.of(learner, SPACE);
            boolean[] previous = null;
            long first = -1;
            long last = -1;
            for (int steps = 1; steps <= 5; steps++) {
                Attack pgd = Attack.pgd()
                        .setEps(0.3)
                        .optSteps(steps)
                        .optStepSize(0.05)
                        .build();
                AttackResult result = pgd.run(model, x, y, 17);
                boolean[] robust = result.robust().toBooleanArray();
                if (previous != null) {
                    for (int i = 0; i < robust.length; i++) {
                        assertTrue(
                                !robust[i] || previous[i],
                                "example " + i + " withstood " + steps + " steps but not " + (steps - 1));
                    }
                }
                previous = robust;
                last = result.robustCount();
                first = first < 0 ? last : first;
            }
            assertTrue(last < first, "the attack gets stronger with more steps here: " + first + " -> " + last);
        }
    }

    @Test
    void robustAccuracyFallsWithTheBudget() {
        RobustAccuracy.Report report = RobustAccuracy.builder()
                .setModel(TargetModel.of(learner, SPACE))
                .setAttacks(AttackSpec.parse("fgsm:0.05/0.2/0.5,pgd:0.05/0.2/0.5@steps=5", 3))
                .build()
                .evaluate(TEST, learner.manager());
        double[] fgsm = report.results().subList(0, 3).stream()
                .mapToDouble(RobustResult::accuracy)
                .toArray();
        double[] pgd = report.results().subList(3, 6).stream()
                .mapToDouble(RobustResult::accuracy)
                .toArray();
        assertTrue(fgsm[0] >= fgsm[1] && fgsm[1] >= fgsm[2], java.util.Arrays.toString(fgsm));
        assertTrue(pgd[0] >= pgd[1] && pgd[1] >= pgd[2], java.util.Arrays.toString(pgd));
        assertTrue(report.clean() >= fgsm[0] && report.clean() >= pgd[0]);
        assertTrue(pgd[2] < report.clean(), "a budget of half the pixel range breaks some examples");
        assertEquals(
                java.util.List.of(
                        "fgsm_acc@0.05",
                        "fgsm_acc@0.2",
                        "fgsm_acc@0.5",
                        "pgd@steps=5_acc@0.05",
                        "pgd@steps=5_acc@0.2",
                        "pgd@steps=5_acc@0.5"),
                java.util.List.copyOf(report.columns().keySet()));
    }

    @Test
    void evaluationLeavesNoArraysBehind() {
        RobustAccuracy robust = RobustAccuracy.builder()
                .setModel(TargetModel.of(learner, SPACE))
                .setAttacks(AttackSpec.parse("pgd:0.1@steps=2,mim-l2:0.5@steps=2", 2))
                .optChunkSize(20)
                .build();
        robust.evaluate(TEST, learner.manager());
        int before = learner.manager().getManagedArrays().size();
        robust.evaluate(TEST, learner.manager());
        assertEquals(before, learner.manager().getManagedArrays().size());
    }

    @Test
    void chunkingDoesNotChangeADeterministicAttack() {
        RobustAccuracy.Builder builder = RobustAccuracy.builder()
                .setModel(TargetModel.of(learner, SPACE))
                .setAttacks(AttackSpec.parse("bim:0.2@steps=3,mim:0.2@steps=3", 0));
        double[] whole = builder.optChunkSize(1000).build().evaluate(TEST, learner.manager()).results().stream()
                .mapToDouble(RobustResult::accuracy)
                .toArray();
        double[] chunked = builder.optChunkSize(17).build().evaluate(TEST, learner.manager()).results().stream()
                .mapToDouble(RobustResult::accuracy)
                .toArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(whole, chunked, 0);
    }
}
