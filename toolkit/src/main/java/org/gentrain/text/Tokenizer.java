package org.gentrain.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns lines of text into word tokens, with {@value #EOS} closing each line as in the Penn
 * Treebank language-modelling files.
 *
 * <ul>
 *   <li>{@link #raw}: running English text. Each line is lowercased and split on every character
 *       that is not a letter or a digit (so {@code "Nature's God,"} gives {@code nature}, {@code
 *       s}, {@code god}); a line with at least one word ends with {@value #EOS}; blank lines give
 *       nothing.
 *   <li>{@link #pretokenized}: text already tokenised and lowercased as PTB and WikiText are. Each
 *       line is split on white space and ends with {@value #EOS}, blank lines too, as the AWD-LSTM
 *       code reads these files (so WikiText's blank lines between paragraphs count as tokens).
 * </ul>
 */
public final class Tokenizer {

    /** The end-of-line token. */
    public static final String EOS = "<eos>";

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private Tokenizer() {}

    /** The words of running text, lowercased, with {@value #EOS} after each non-blank line. */
    public static List<String> raw(List<String> lines) {
        List<String> tokens = new ArrayList<>();
        for (String line : lines) {
            int before = tokens.size();
            for (String word : NOT_WORD.split(line.toLowerCase(Locale.ROOT))) {
                if (!word.isEmpty()) {
                    tokens.add(word);
                }
            }
            if (tokens.size() > before) {
                tokens.add(EOS);
            }
        }
        return tokens;
    }

    /** The white-space separated tokens of pre-tokenised text, with {@value #EOS} after every line. */
    public static List<String> pretokenized(List<String> lines) {
        List<String> tokens = new ArrayList<>();
        for (String line : lines) {
            for (String word : SPACE.split(line.strip())) {
                if (!word.isEmpty()) {
                    tokens.add(word);
                }
            }
            tokens.add(EOS);
        }
        return tokens;
    }
}
