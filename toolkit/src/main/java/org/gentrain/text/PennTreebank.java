package org.gentrain.text;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Penn Treebank language-modelling corpus as Mikolov's preprocessing distributes it (the files
 * the AWD-LSTM and MaxUp papers use): a folder with {@code ptb.train.txt}, {@code ptb.valid.txt}
 * and {@code ptb.test.txt}, one lowercased, tokenised sentence per line with {@code <unk>} and
 * {@code N} already in place (10,000 types). Read with {@link Tokenizer#pretokenized} ({@value
 * Tokenizer#EOS} after every line) and a vocabulary of every training type. The files are not
 * shipped; {@code data-scripts} fetch them where the network allows.
 */
public final class PennTreebank {

    /** The three file names, in train, valid, test order. */
    public static final String[] FILES = {"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"};

    private PennTreebank() {}

    /**
     * Reads the corpus from a folder.
     *
     * @throws IllegalArgumentException naming the missing file if one is absent
     * @throws IOException if a file cannot be read
     */
    public static TextCorpus read(Path folder) throws IOException {
        return TextFiles.readSplits("ptb", folder, FILES, Vocabulary.builder());
    }
}
