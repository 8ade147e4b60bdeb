package org.gentrain.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gentrain.data.LabelGroups;

/**
 * The small English corpus shipped in the jar: the Constitution of the United States (1787, with
 * its 27 amendments) followed by the Declaration of Independence (1776), about 9,600 words and
 * 1,900 lines. Both are in the public domain (works of the United States government, centuries
 * old); the files are copied unchanged from Debian's package {@code miscfiles} 1.5+dfsg-4 ({@code
 * /usr/share/state/us-constitution.gz}, {@code us-declaration.gz}); see {@code NOTICE.txt} beside
 * them.
 *
 * <p>{@link #corpus} tokenises the text with {@link Tokenizer#raw} and splits it by lines into
 * training (the first 80%), validation (the next 10%) and test (the last 10%) parts: contiguous
 * parts, as language-modelling corpora are split. It is a test bed for the sequence models, far
 * too small for claims about PTB-sized corpora.
 *
 * <p>{@link #passages} makes a small text-classification task of the same text: which part a
 * window of {@code T} words comes from, in seven classes ({@link #PASSAGE_CLASSES}) that form a
 * label tree of three groups ({@link #passageGroups}: the Constitution's articles, its amendments,
 * the Declaration).
 */
public final class FoundingDocuments {

    /** The class-path resources, in reading order. */
    public static final List<String> RESOURCES =
            List.of("/org/gentrain/text/us-constitution.txt", "/org/gentrain/text/us-declaration.txt");

    /** The classes of {@link #passages}, in label order. */
    public static final List<String> PASSAGE_CLASSES = List.of(
            "article-1", "article-2", "article-3", "articles-4-7", "bill-of-rights", "amendments-11-27", "declaration");

    /** The Constitution's heading lines where each class 0..5 starts. */
    private static final List<String> SECTION_HEADINGS =
            List.of("Article I", "Article II", "Article III", "Article IV", "Amendments", "Amendment XI");

    private FoundingDocuments() {}

    /**
     * The label tree of {@link #passages}: {@code articles} (classes 0-3), {@code amendments} (4,
     * 5), {@code declaration} (6).
     */
    public static LabelGroups passageGroups() {
        return LabelGroups.ofCoarseLabels(
                new int[] {0, 0, 0, 0, 1, 1, 2}, List.of("articles", "amendments", "declaration"));
    }

    /** The training and test windows of {@link #passages}. */
    public record Passages(TextClassificationSet train, TextClassificationSet test) {}

    /**
     * Windows of {@code windowLength} consecutive words ({@link Tokenizer#raw}, {@value
     * Tokenizer#EOS} included) labelled with the part of the text they come from: the seven {@link
     * #PASSAGE_CLASSES} (the Constitution from its Article I on, the Declaration whole). Windows do
     * not overlap and do not cross a part's end; every fifth window of a part is a test window, the
     * others are training windows; the vocabulary is that of the training windows.
     *
     * @param windowLength {@code T >= 1}
     */
    public static Passages passages(int windowLength) {
        org.gentrain.train.Checks.atLeast("windowLength", windowLength, 1);
        List<List<String>> parts = new ArrayList<>();
        List<String> constitution = read(RESOURCES.get(0));
        int start = -1;
        for (String heading : SECTION_HEADINGS) {
            int at = constitution.indexOf(heading);
            if (at < 0) {
                throw new IllegalStateException("heading '" + heading + "' missing from " + RESOURCES.get(0));
            }
            if (start >= 0) {
                parts.add(Tokenizer.raw(constitution.subList(start, at)));
            }
            start = at;
        }
        parts.add(Tokenizer.raw(constitution.subList(start, constitution.size())));
        parts.add(Tokenizer.raw(read(RESOURCES.get(1))));
        List<List<String>> trainWindows = new ArrayList<>();
        List<List<String>> testWindows = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        List<String> trainTokens = new ArrayList<>();
        for (int label = 0; label < parts.size(); label++) {
            List<String> part = parts.get(label);
            for (int w = 0; (w + 1) * windowLength <= part.size(); w++) {
                List<String> window = part.subList(w * windowLength, (w + 1) * windowLength);
                if (w % 5 == 4) {
                    testWindows.add(window);
                    testLabels.add(label);
                } else {
                    trainWindows.add(window);
                    trainLabels.add(label);
                    trainTokens.addAll(window);
                }
            }
        }
        Vocabulary vocabulary = Vocabulary.builder().build(trainTokens);
        return new Passages(
                passageSet(trainWindows, trainLabels, vocabulary, "founding-documents passages (train)"),
                passageSet(testWindows, testLabels, vocabulary, "founding-documents passages (test)"));
    }

    private static TextClassificationSet passageSet(
            List<List<String>> windows, List<Integer> labels, Vocabulary vocabulary, String source) {
        int[][] ids = new int[windows.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.encode(windows.get(i));
        }
        return new TextClassificationSet(
                ids, labels.stream().mapToInt(Integer::intValue).toArray(), PASSAGE_CLASSES, vocabulary, source);
    }

    /** The text's lines, the Constitution's then the Declaration's. */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String resource : RESOURCES) {
            lines.addAll(read(resource));
        }
        return lines;
    }

    private static List<String> read(String resource) {
        try (InputStream in = FoundingDocuments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The corpus with a vocabulary of every training word. */
    public static TextCorpus corpus() {
        return corpus(Vocabulary.builder());
    }

    /** The corpus with a vocabulary made by {@code vocabulary} from the training part. */
    public static TextCorpus corpus(Vocabulary.Builder vocabulary) {
        List<String> lines = lines();
        int trainEnd = lines.size() * 8 / 10;
        int validEnd = lines.size() * 9 / 10;
        return TextCorpus.of(
                "founding-documents",
                Tokenizer.raw(lines.subList(0, trainEnd)),
                Tokenizer.raw(lines.subList(trainEnd, validEnd)),
                Tokenizer.raw(lines.subList(validEnd, lines.size())),
                vocabulary);
    }
}
