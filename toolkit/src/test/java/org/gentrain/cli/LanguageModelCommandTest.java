package org.gentrain.cli;

import static org.gentrain.cli.GentrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gentrain.cli.GentrainCommandTest.Outcome;
import org.junit.jupiter.api.Test;

/** {@code gentrain lm} end to end on the shipped text, and its rejections of bad settings. */
class LanguageModelCommandTest {

    @Test
    void maxUpLanguageModelTrainsAndReportsPerplexityAndStepTime() {
        Outcome outcome = run(
                "lm",
                "--objective",
                "maxup",
                "--copies",
                "2",
                "--perturbation",
                "word-dropout",
                "--max-steps",
                "3",
                "--embedding",
                "16",
                "--hidden",
                "16",
                "--layers",
                "1");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("data: founding-documents ("), outcome.out());
        assertTrue(outcome.out().contains("objective: maxup-word-dropout(p=0.1)-m2-fast"), outcome.out());
        assertTrue(
                outcome.out()
                        .matches("(?s).*epoch 1: train loss [0-9.]+, validation perplexity [0-9.]+, [0-9.]+ ms/step.*"),
                outcome.out());
    }

    @Test
    void unknownObjectiveOrMissingCorpusFolderIsAUsageError() {
        Outcome objective = run("lm", "--objective", "cot");
        assertEquals(2, objective.code());
        assertTrue(objective.err().startsWith("gentrain: --objective must be erm or maxup, was cot"), objective.err());
        Outcome folder = run("lm", "--corpus", "ptb");
        assertEquals(2, folder.code());
        assertTrue(folder.err().startsWith("gentrain: --corpus ptb needs --corpus-folder"), folder.err());
    }
}
