package org.gentrain.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the three pre-tokenised split files of a corpus from one folder. */
final class TextFiles {

    private TextFiles() {}

    static TextCorpus readSplits(String name, Path folder, String[] files, Vocabulary.Builder vocabulary)
            throws IOException {
        List<List<String>> splits = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = folder.resolve(files[i]);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        name + ": " + file + " not found (the folder must hold " + String.join(", ", files) + ")");
            }
            splits.add(Tokenizer.pretokenized(Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
        return TextCorpus.of(name, splits.get(0), splits.get(1), splits.get(2), vocabulary);
    }
}
