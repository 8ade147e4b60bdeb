package org.gentrain.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The spec grammar, its defaults, and one-line errors that name the parameter. */
class AttackSpecTest {

    @Test
    void entriesGiveOneEvaluationPerBudgetWithColumnNames() {
        AttackSpec spec = AttackSpec.parse("fgsm:0.1, pgd:0.05/0.1, pgd-l2:0.5, mim:0.2@decay=0.5, pgd40:0.2", 1);
        assertEquals(
                List.of(
                        "fgsm_acc@0.1",
                        "pgd_acc@0.05",
                        "pgd_acc@0.1",
                        "pgd-l2_acc@0.5",
                        "mim@decay=0.5_acc@0.2",
                        "pgd40_acc@0.2"),
                spec.columns());
    }

    @Test
    void defaultsFollowThePapers() {
        List<AttackSpec.Evaluation> e = AttackSpec.parse("fgsm:0.1,bim:0.1,pgd:0.1,mim:0.1,pgd40:0.2", 1)
                .evaluations();
        Attack fgsm = e.get(0).attack();
        assertEquals(1, fgsm.steps());
        assertEquals(0.1, fgsm.stepSize(), 0);
        assertFalse(fgsm.randomStart());
        Attack bim = e.get(1).attack();
        assertEquals(10, bim.steps());
        assertEquals(0.01, bim.stepSize(), 1e-12);
        assertFalse(bim.randomStart());
        Attack pgd = e.get(2).attack();
        assertEquals(10, pgd.steps());
        assertEquals(0.025, pgd.stepSize(), 1e-12);
        assertTrue(pgd.randomStart());
        assertEquals(Attack.Norm.LINF, pgd.norm());
        Attack mim = e.get(3).attack();
        assertEquals(1.0, mim.decay(), 0);
        assertEquals(0.01, mim.stepSize(), 1e-12);
        Attack gce = e.get(4).attack();
        assertEquals(Attack.Method.PGD, gce.method());
        assertEquals(40, gce.steps());
        assertEquals(0.01, gce.stepSize(), 0);
        assertTrue(gce.randomStart());
    }

    @Test
    void keysOverrideDefaultsAndPgd40IsTheSameAsItsLongForm() {
        Attack shorthand = AttackSpec.parse("pgd40:0.2", 1).evaluations().get(0).attack();
        Attack longForm = AttackSpec.parse("pgd:0.2@steps=40@step=0.01", 1)
                .evaluations()
                .get(0)
                .attack();
        assertEquals(shorthand.toString(), longForm.toString());
        Attack l2 = AttackSpec.parse("bim-l2:1.5@steps=3@random-start=true", 1)
                .evaluations()
                .get(0)
                .attack();
        assertEquals(Attack.Norm.L2, l2.norm());
        assertEquals(3, l2.steps());
        assertEquals(0.5, l2.stepSize(), 1e-12);
        assertTrue(l2.randomStart());
    }

    private static void assertOneLineError(String expectedPart, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badSpecsAreOneLineErrorsNamingTheParameter() {
        assertOneLineError("eps must be in [0, 1], was -0.1", () -> AttackSpec.parse("pgd:-0.1", 1));
        assertOneLineError("eps must be in [0, 1], was 2", () -> AttackSpec.parse("fgsm:2", 1));
        assertOneLineError("eps must be >= 0, was -1", () -> AttackSpec.parse("pgd-l2:-1", 1));
        assertOneLineError("eps must be a finite number, was 'abc'", () -> AttackSpec.parse("pgd:abc", 1));
        assertOneLineError("eps must be a finite number, was ''", () -> AttackSpec.parse("pgd:0.1/", 1));
        assertOneLineError("steps must be >= 1, was 0", () -> AttackSpec.parse("pgd:0.1@steps=0", 1));
        assertOneLineError(
                "steps must be an integer >= 1, was 'many'", () -> AttackSpec.parse("pgd:0.1@steps=many", 1));
        assertOneLineError("steps must be 1 for fgsm, was 5", () -> AttackSpec.parse("fgsm:0.1@steps=5", 1));
        assertOneLineError("stepSize must be >= 0, was -0.01", () -> AttackSpec.parse("bim:0.1@step=-0.01", 1));
        assertOneLineError("decay applies to mim only, not pgd", () -> AttackSpec.parse("pgd:0.1@decay=0.5", 1));
        assertOneLineError("decay must be >= 0, was -1", () -> AttackSpec.parse("mim:0.1@decay=-1", 1));
        assertOneLineError(
                "random-start must be true or false, was 'yes'", () -> AttackSpec.parse("pgd:0.1@random-start=yes", 1));
        assertOneLineError("attack must be one of fgsm, bim, pgd, mim", () -> AttackSpec.parse("cw:0.1", 1));
        assertOneLineError(
                "key must be one of steps, step, random-start, decay; was 'speed=3'",
                () -> AttackSpec.parse("pgd:0.1@speed=3", 1));
        assertOneLineError("steps is given twice", () -> AttackSpec.parse("pgd:0.1@steps=3@steps=4", 1));
        assertOneLineError("evaluation pgd_acc@0.1 is given twice", () -> AttackSpec.parse("pgd:0.1,pgd:0.10", 1));
        assertOneLineError("an entry must be attack:eps", () -> AttackSpec.parse("pgd", 1));
        assertOneLineError("an entry must be attack:eps", () -> AttackSpec.parse("pgd:0.1,", 1));
        assertOneLineError("robust spec must name at least one attack", () -> AttackSpec.parse(" ", 1));
        assertOneLineError(
                "robust spec entry 'pgd:0.1@steps=0'", () -> AttackSpec.parse("fgsm:0.1,pgd:0.1@steps=0", 1));
    }

    @Test
    void badBuilderSettingsAreOneLineErrorsNamingTheParameter() {
        assertOneLineError("eps must be set", () -> Attack.pgd().build());
        assertOneLineError(
                "eps must be in [0, 1], was NaN",
                () -> Attack.pgd().setEps(Double.NaN).optSteps(2).build());
        assertOneLineError(
                "eps must be finite",
                () -> Attack.pgd()
                        .setEps(Double.POSITIVE_INFINITY)
                        .optNorm(Attack.Norm.L2)
                        .build());
        assertOneLineError(
                "steps must be >= 1, was -3",
                () -> Attack.bim().setEps(0.1).optSteps(-3).build());
        assertOneLineError(
                "model must be set",
                () -> RobustAccuracy.builder().optChunkSize(5).build());
    }
}
