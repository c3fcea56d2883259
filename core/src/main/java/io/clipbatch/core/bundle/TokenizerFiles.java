package io.clipbatch.core.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a bundle's tokenizer. OpenAI's own merges file is preferred, then the HF vocab.json +
 * merges.txt pair (the same vocabulary, and read by the same algorithm), then tokenizer.json.
 */
final class TokenizerFiles {

    static final String OPENAI_MERGES = "bpe_simple_vocab_16e6.txt.gz";
    static final String VOCAB = "vocab.json";
    static final String MERGES = "merges.txt";
    static final String TOKENIZER_JSON = "tokenizer.json";

    private TokenizerFiles() {
    }

    /** The tokenizer file to load, searching {@code folders} in order; null when there is none. */
    static Path find(List<Path> folders) {
        for (String name : List.of(OPENAI_MERGES, VOCAB, TOKENIZER_JSON)) {
            for (Path folder : folders) {
                Path file = folder.resolve(name);
                if (Files.isRegularFile(file)) {
                    if (name.equals(VOCAB) && !Files.isRegularFile(folder.resolve(MERGES))) {
                        throw new BundleException("Missing file " + folder.resolve(MERGES)
                                + ": it must sit beside " + file + ".");
                    }
                    return file;
                }
            }
        }
        return null;
    }

    static String expected() {
        return OPENAI_MERGES + ", " + VOCAB + " + " + MERGES + ", or " + TOKENIZER_JSON;
    }
}
