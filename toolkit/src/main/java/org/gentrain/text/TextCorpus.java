package org.gentrain.text;

import java.util.List;

/**
 * A word-level language-modelling corpus: its training, validation and test token indices and the
 * vocabulary built on the training tokens (words seen only in validation or test become {@value
 * Vocabulary#UNK}).
 *
 * @param name the corpus's name, such as {@code ptb}
 * @param vocabulary the training tokens' vocabulary
 * @param train the training token indices
 * @param valid the validation token indices
 * @param test the test token indices
 */
public record TextCorpus(String name, Vocabulary vocabulary, int[] train, int[] valid, int[] test) {

    /** The corpus of three token lists, with a vocabulary made by {@code vocabulary} from the training tokens. */
    public static TextCorpus of(
            String name, List<String> train, List<String> valid, List<String> test, Vocabulary.Builder vocabulary) {
        Vocabulary vocab = vocabulary.build(train);
        return new TextCorpus(name, vocab, vocab.encode(train), vocab.encode(valid), vocab.encode(test));
    }

    @Override
    public String toString() {
        return name + " (" + vocabulary.size() + " types; " + train.length + " / " + valid.length + " / " + test.length
                + " tokens)";
    }
}
