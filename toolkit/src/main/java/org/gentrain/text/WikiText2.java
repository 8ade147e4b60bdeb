package org.gentrain.text;

import java.io.IOException;
import java.nio.file.Path;

/**
 * WikiText-2 (Merity et al., 2016), word level, in its distributed layout: a folder ({@code
 * wikitext-2}) with {@code wiki.train.tokens}, {@code wiki.valid.tokens} and {@code
 * wiki.test.tokens}, tokenised text with {@code <unk>} in place, headings such as {@code = = Title
 * = =} and blank lines between paragraphs (33,278 types). Read with {@link Tokenizer#pretokenized}
 * ({@value Tokenizer#EOS} after every line, blank ones included, as the AWD-LSTM code reads it) and a
 * vocabulary of every training type. The files are not shipped; {@code data-scripts} fetch them
 * where the network allows.
 */
public final class WikiText2 {

    /** The three file names, in train, valid, test order. */
    public static final String[] FILES = {"wiki.train.tokens", "wiki.valid.tokens", "wiki.test.tokens"};

    private WikiText2() {}

    /**
     * Reads the corpus from a folder.
     *
     * @throws IllegalArgumentException naming the missing file if one is absent
     * @throws IOException if a file cannot be read
     */
    public static TextCorpus read(Path folder) throws IOException {
        return TextFiles.readSplits("wikitext-2", folder, FILES, Vocabulary.builder());
    }
}
