package io.clipbatch.udfs.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/clip (system property {@code clipbatch.shared}); tests that need it skip when it is absent. */
final class SharedMaterial {
    private SharedMaterial() {
    }

    static Path clipFile(String name) {
        String shared = System.getProperty("clipbatch.shared", "../shared");
        Path file = Path.of(shared, "clip", name);
        assumeTrue(Files.isRegularFile(file), "../shared/clip absent: " + file + " not found, skipping");
        return file;
    }

    private static ClipTokenizer openAi;

    /** OpenAI's tokenizer, loaded once for all tests. */
    static synchronized ClipTokenizer openAiTokenizer() {
        Path gz = clipFile("bpe_simple_vocab_16e6.txt.gz");
        if (openAi == null) {
            openAi = ClipTokenizer.fromOpenAiBpe(gz);
        }
        return openAi;
    }
}
