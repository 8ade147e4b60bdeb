package org.gentrain.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
 */
public final class FoundingDocuments {

    /** The class-path resources, in reading order. */
    public static final List<String> RESOURCES =
            List.of("/org/gentrain/text/us-constitution.txt", "/org/gentrain/text/us-declaration.txt");

    private FoundingDocuments() {}

    /** The text's lines, the Constitution's then the Declaration's. */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String resource : RESOURCES) {
            try (InputStream in = FoundingDocuments.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " missing from the jar");
                }
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return lines;
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
        return TextCorpus.of("founding-documents",
                Tokenizer.raw(lines.subList(0, trainEnd)),
                Tokenizer.raw(lines.subList(trainEnd, validEnd)),
                Tokenizer.raw(lines.subList(validEnd, lines.size())),
                vocabulary);
    }
}
