package org.gentrain.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cells evaluated by JShell in this process: values, errors, interrupts, completion and inspection. */
class CellEvaluatorTest {

    private static CellEvaluator cells;

    @BeforeAll
    static void startJShell() {
        cells = new CellEvaluator(List.of(), List.of());
    }

    @AfterAll
    static void closeJShell() {
        cells.close();
    }

    @Test
    void anExpressionsValueIsTheObjectItself() throws Exception {
        assertEquals(42, cells.eval("6 * 7"));
        Object list = cells.eval("new java.util.ArrayList<>(java.util.List.of(\"a\"))");
        assertInstanceOf(java.util.ArrayList.class, list);
    }

    @Test
    void declarationsAndStatementsHaveNoValueButTheirEffectsStay() throws Exception {
        assertSame(CellEvaluator.NO_VALUE, cells.eval("int kept = 5;"));
        assertSame(CellEvaluator.NO_VALUE, cells.eval("System.out.print(\"\");"));
        assertEquals(6, cells.eval("kept + 1"));
    }

    @Test
    void aCellOfSeveralSnippetsHasTheValueOfItsLastExpression() throws Exception {
        assertEquals(12, cells.eval("int b = 3;\nint c = b * 2;\nc * 2"));
        assertSame(CellEvaluator.NO_VALUE, cells.eval("int d = 1;\nd++;\nint e = d;"));
    }

    @Test
    void aSnippetsExceptionIsThrownAsItsOwnClassWithItsMessage() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> cells.eval("int before = 1;\nthrow new IllegalStateException(\"deliberate\");"));
        assertEquals("deliberate", e.getMessage());
    }

    @Test
    void aCompilationErrorNamesTheProblemAndPointsAtIt() {
        CompilationException e = assertThrows(CompilationException.class, () -> cells.eval("int wrong = \"x\";"));
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        assertTrue(e.getMessage().contains("^"), e.getMessage());
    }

    @Test
    void anInterruptEndsASleepingCellAndEveryVariableStays() throws Exception {
        cells.eval("String defined = \"before the interrupt\";");
        CompletableFuture<Throwable> running = runAsync("Thread.sleep(60_000);");
        awaitBusy();
        assertEquals("interrupted", cells.interrupt());
        Throwable thrown = running.get(10, TimeUnit.SECONDS);
        assertInstanceOf(InterruptedException.class, thrown);
        assertEquals("before the interrupt", cells.eval("defined"));
        assertEquals("idle", cells.interrupt(), "no cell runs now");
        // the interrupt did not stay behind for the next cell
        assertEquals(false, cells.eval("Thread.currentThread().isInterrupted()"));
    }

    @Test
    void codeThatChecksTheFlagEndsWithItsOwnException() throws Exception {
        CompletableFuture<Throwable> running =
                runAsync("while (!Thread.currentThread().isInterrupted()) { Math.sqrt(2); }\n"
                        + "throw new java.util.concurrent.CancellationException(\"stopped between steps\");");
        awaitBusy();
        cells.interrupt();
        Throwable thrown = running.get(10, TimeUnit.SECONDS);
        assertInstanceOf(java.util.concurrent.CancellationException.class, thrown);
        assertEquals("stopped between steps", thrown.getMessage());
    }

    @Test
    void aSecondInterruptStopsCodeThatIgnoresTheFirst() throws Exception {
        cells.eval("int survivor = 7;");
        CompletableFuture<Throwable> running = runAsync("while (true) { Math.sqrt(2); }");
        awaitBusy();
        assertEquals("interrupted", cells.interrupt());
        Thread.sleep(300);
        assertTrue(cells.busy(), "a loop that never checks the flag goes on after one interrupt");
        cells.interrupt();
        Throwable thrown = running.get(10, TimeUnit.SECONDS);
        assertTrue(
                thrown instanceof CellEvaluator.SnippetError || thrown instanceof InterruptedException,
                "was " + thrown);
        assertEquals(7, cells.eval("survivor"));
    }

    @Test
    void isCompleteTellsAnOpenBlockFromAFinishedStatement() {
        assertEquals("complete", cells.isComplete("int a = 1;"));
        assertEquals("complete", cells.isComplete("int a = 1;\nSystem.out.println(a);"));
        assertEquals("incomplete", cells.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("incomplete", cells.isComplete("int a = 1;\nif (a > 0) {"));
    }

    @Test
    void completionAtTheEndOfANameOffersItsMembers() {
        CellEvaluator.Completions completions = cells.complete("Math.ab", 7);
        assertTrue(completions.matches().contains("abs("), completions.matches().toString());
        assertEquals(5, completions.start());
        assertEquals(7, completions.end());
    }

    @Test
    void inspectionFindsANameWithTheCursorAfterItsLastLetterOrInsideIt() {
        String atEnd = cells.inspect("StringBuilder", 13).orElse("");
        assertTrue(atEnd.contains("java.lang.StringBuilder"), atEnd);
        String inside = cells.inspect("StringBuilder", 3).orElse("");
        assertTrue(inside.contains("java.lang.StringBuilder"), inside);
        String method = cells.inspect("Math.abs", 8).orElse("");
        assertTrue(method.contains("abs("), method);
        assertTrue(cells.inspect("noSuchNameAnywhere", 18).isEmpty());
    }

    private static CompletableFuture<Throwable> runAsync(String code) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                cells.eval(code);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    private static void awaitBusy() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cells.busy()) {
            assertTrue(System.nanoTime() < end, "the cell never started");
            Thread.sleep(10);
        }
        Thread.sleep(100);
    }
}
