package org.gentrain.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gentrain.train.Checks;

/**
 * The word types of a corpus with their indices: {@value #UNK} is 0 and stands for every word
 * outside the vocabulary, {@value Tokenizer#EOS} is 1, then the words of the training tokens by
 * descending count (ties in alphabetical order, so the indices depend only on the tokens). {@link
 * Builder#optMaxSize} keeps the most frequent words, {@link Builder#optMinCount} drops rare ones.
 * A {@value #UNK} already in the text (as in PTB) is the same type as the reserved one.
 */
public final class Vocabulary {

    /** The token for words outside the vocabulary. */
    public static final String UNK = "<unk>";

    private final List<String> tokens;
    private final Map<String, Integer> indices;

    private Vocabulary(List<String> tokens) {
        this.tokens = Collections.unmodifiableList(tokens);
        this.indices = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            indices.put(tokens.get(i), i);
        }
    }

    /** A builder: no size limit, minimum count 1. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of types, {@value #UNK} and {@value Tokenizer#EOS} included. */
    public int size() {
        return tokens.size();
    }

    /** The index of a token, or 0 ({@value #UNK}) if it is not in the vocabulary. */
    public int index(String token) {
        return indices.getOrDefault(token, 0);
    }

    /** The token of an index. */
    public String token(int index) {
        return tokens.get(index);
    }

    /** Every token by index. */
    public List<String> tokens() {
        return tokens;
    }

    /** The indices of the tokens, unknown ones as 0. */
    public int[] encode(List<String> text) {
        int[] ids = new int[text.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index(text.get(i));
        }
        return ids;
    }

    /** Builds a {@link Vocabulary} from training tokens. */
    public static final class Builder {
        private int maxSize = Integer.MAX_VALUE;
        private int minCount = 1;

        private Builder() {}

        /** The largest vocabulary, {@value #UNK} and {@value Tokenizer#EOS} included, {@code >= 2}. */
        public Builder optMaxSize(int maxSize) {
            Checks.atLeast("maxSize", maxSize, 2);
            this.maxSize = maxSize;
            return this;
        }

        /** The fewest occurrences a word needs to be kept, {@code >= 1}. */
        public Builder optMinCount(int minCount) {
            Checks.atLeast("minCount", minCount, 1);
            this.minCount = minCount;
            return this;
        }

        /** The vocabulary of the given training tokens. */
        public Vocabulary build(List<String> trainingTokens) {
            Map<String, Integer> counts = new HashMap<>();
            for (String token : trainingTokens) {
                counts.merge(token, 1, Integer::sum);
            }
            counts.remove(UNK);
            counts.remove(Tokenizer.EOS);
            List<Map.Entry<String, Integer>> words = new ArrayList<>(counts.entrySet());
            words.sort(
                    Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<String> tokens = new ArrayList<>(List.of(UNK, Tokenizer.EOS));
            for (Map.Entry<String, Integer> word : words) {
                if (tokens.size() >= maxSize || word.getValue() < minCount) {
                    break;
                }
                tokens.add(word.getKey());
            }
            return new Vocabulary(tokens);
        }
    }
}
