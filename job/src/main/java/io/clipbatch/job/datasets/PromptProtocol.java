package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.Locale;

/**
 * Whose zero-shot protocol the built-in prompt sets follow, and which published figure a result is
 * compared with: OpenAI's paper (a class with several names, FER2013's, is the mean over all its
 * names and templates) or clip_benchmark (each class by its first name alone).
 */
public enum PromptProtocol {
    OPENAI("openai"),
    CLIP_BENCHMARK("clip_benchmark");

    private final String label;

    PromptProtocol(String label) {
        this.label = label;
    }

    public static PromptProtocol parse(String text) {
        for (PromptProtocol protocol : values()) {
            if (protocol.label.equals(text.toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return protocol;
            }
        }
        throw new UserError("--protocol must be openai or clip_benchmark, not '" + text + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
