package org.gentrain.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word-level pipeline: tokens, vocabulary, readers of PTB and WikiText-2 files, and BPTT windows. */
class TextPipelineTest {

    @Test
    void rawTextIsLowercasedSplitOnNonWordCharactersWithEosAfterEachNonBlankLine() {
        List<String> tokens = Tokenizer.raw(List.of("Laws of Nature and of Nature's God,", "", "  Section 2  "));
        assertEquals(
                List.of("laws", "of", "nature", "and", "of", "nature", "s", "god", "<eos>", "section", "2", "<eos>"),
                tokens);
    }

    @Test
    void pretokenizedTextSplitsOnSpaceWithEosAfterEveryLineBlankOnesToo() {
        List<String> tokens = Tokenizer.pretokenized(List.of(" = Valkyria = ", "", "the <unk> , N years"));
        assertEquals(
                List.of("=", "Valkyria", "=", "<eos>", "<eos>", "the", "<unk>", ",", "N", "years", "<eos>"), tokens);
    }

    @Test
    void vocabularyPutsUnkAndEosFirstThenWordsByCountThenAlphabetically() {
        List<String> text = List.of("b", "a", "c", "a", "<eos>", "b", "a", "d", "<unk>");
        Vocabulary vocabulary = Vocabulary.builder().build(text);
        assertEquals(List.of("<unk>", "<eos>", "a", "b", "c", "d"), vocabulary.tokens());
        assertArrayEquals(new int[] {2, 3, 0, 1}, vocabulary.encode(List.of("a", "b", "zebra", "<eos>")));
    }

    @Test
    void vocabularyLimitsItsSizeAndDropsRareWords() {
        List<String> text = List.of("b", "a", "c", "a", "b", "a", "d");
        assertEquals(
                List.of("<unk>", "<eos>", "a", "b"),
                Vocabulary.builder().optMinCount(2).build(text).tokens());
        assertEquals(
                List.of("<unk>", "<eos>", "a"),
                Vocabulary.builder().optMaxSize(3).build(text).tokens());
        assertEquals(
                "maxSize must be >= 2, was 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Vocabulary.builder().optMaxSize(1))
                        .getMessage());
    }

    @Test
    void pennTreebankIsReadFromItsThreeFilesWithTheTrainingVocabulary(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ptb.train.txt"), " the cat sat \n the <unk> ran \n");
        Files.writeString(dir.resolve("ptb.valid.txt"), " the dog sat \n");
        Files.writeString(dir.resolve("ptb.test.txt"), " N cats \n");
        TextCorpus ptb = PennTreebank.read(dir);
        assertEquals(
                List.of("<unk>", "<eos>", "the", "cat", "ran", "sat"),
                ptb.vocabulary().tokens());
        assertArrayEquals(new int[] {2, 3, 5, 1, 2, 0, 4, 1}, ptb.train());
        assertArrayEquals(new int[] {2, 0, 5, 1}, ptb.valid(), "dog is unknown");
        assertArrayEquals(new int[] {0, 0, 1}, ptb.test());
        assertEquals("ptb (6 types; 8 / 4 / 3 tokens)", ptb.toString());
    }

    @Test
    void wikiText2IsReadFromItsThreeFilesBlankLinesGivingEos(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("wiki.train.tokens"), " \n = Robert = \n \n Robert was born . \n");
        Files.writeString(dir.resolve("wiki.valid.tokens"), " \n Robert died . \n");
        Files.writeString(dir.resolve("wiki.test.tokens"), " = Anna = \n");
        TextCorpus wiki = WikiText2.read(dir);
        assertEquals(11, wiki.train().length, "4 lines give 4 <eos> plus 7 words");
        Vocabulary v = wiki.vocabulary();
        assertArrayEquals(new int[] {1, v.index("Robert"), 0, v.index("."), 1}, wiki.valid());
        assertArrayEquals(new int[] {v.index("="), 0, v.index("="), 1}, wiki.test());
    }

    @Test
    void aMissingSplitFileIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ptb.train.txt"), "a\n");
        Files.writeString(dir.resolve("ptb.valid.txt"), "a\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PennTreebank.read(dir));
        assertEquals(
                "ptb: " + dir.resolve("ptb.test.txt")
                        + " not found (the folder must hold ptb.train.txt, ptb.valid.txt, ptb.test.txt)",
                e.getMessage());
    }

    @Test
    void windowsCutTheStreamIntoBParallelStreamsWithNextTokenTargets() {
        int[] tokens = new int[23]; // 23 tokens, B = 3: streams of 7, the last 2 tokens dropped
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i;
        }
        TokenWindows windows = new TokenWindows(tokens, 3, 4);
        assertEquals(7, windows.streamLength());
        assertEquals(2, windows.size(), "6 targets per stream in windows of 4 and 2");
        assertEquals(18, windows.targetCount());
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(new Shape(3, 4), windows.inputs(manager, 0).getShape());
            assertArrayEquals(
                    new long[] {0, 1, 2, 3, 7, 8, 9, 10, 14, 15, 16, 17},
                    windows.inputs(manager, 0).toLongArray());
            assertArrayEquals(
                    new long[] {1, 2, 3, 4, 8, 9, 10, 11, 15, 16, 17, 18},
                    windows.targets(manager, 0).toLongArray());
            assertArrayEquals(
                    new long[] {4, 5, 11, 12, 18, 19},
                    windows.inputs(manager, 1).toLongArray());
            assertArrayEquals(
                    new long[] {5, 6, 12, 13, 19, 20},
                    windows.targets(manager, 1).toLongArray());
        }
        assertEquals(
                "batch must be <= 11 for 23 tokens (2 per stream), was 12",
                assertThrows(IllegalArgumentException.class, () -> new TokenWindows(tokens, 12, 4))
                        .getMessage());
    }

    @Test
    void theShippedTextIsTheConstitutionThenTheDeclarationSplitByLines() {
        List<String> lines = FoundingDocuments.lines();
        assertEquals("The Constitution of the United States of America", lines.get(0));
        assertTrue(lines.contains("The Declaration of Independence of the Thirteen Colonies"));
        TextCorpus corpus = FoundingDocuments.corpus();
        assertTrue(corpus.train().length > 7000, corpus.toString());
        assertTrue(corpus.valid().length > 700 && corpus.test().length > 700, corpus.toString());
        Vocabulary v = corpus.vocabulary();
        assertEquals("the", v.token(2), "the most frequent word");
        assertTrue(v.size() > 1000 && v.size() < 2000, corpus.toString());
    }
}
