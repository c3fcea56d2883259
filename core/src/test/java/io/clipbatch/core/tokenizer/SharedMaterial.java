package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locates ../shared/clip (system property {@code clipbatch.shared}); tests that need it skip when it
 * is absent, and each test class says so once on the console, where the build shows it.
 */
final class SharedMaterial {
    private static final Set<Class<?>> TOLD = ConcurrentHashMap.newKeySet();

    private SharedMaterial() {
    }

    static Path clipFile(String name) {
        String shared = System.getProperty("clipbatch.shared", "../shared");
        Path file = Path.of(shared, "clip", name);
        if (!Files.isRegularFile(file)) {
            String reason = "../shared/clip absent: " + file + " not found";
            Class<?> test = callingClass();
            if (TOLD.add(test)) {
                System.out.println(test.getSimpleName() + " skips the tests that need OpenAI's files: " + reason);
            }
            assumeTrue(false, reason + ", skipping");
        }
        return file;
    }

    /** The test class that asked, however it reached this helper. */
    private static Class<?> callingClass() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != SharedMaterial.class).findFirst().orElse(SharedMaterial.class));
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
