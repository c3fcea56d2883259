package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import io.clipbatch.job.Plural;

/**
 * Texts tokenized as {@code clip.tokenize(truncate=True)} does, counting those cut at the context
 * length: {@code embed-text} and {@code tokenize} both report the count, since a cut text is
 * embedded without its end.
 */
final class TextTokens {
    private final ClipTokenizer tokenizer;
    private final int contextLength;
    private int texts;
    private int truncated;

    TextTokens(Bundle bundle) {
        this.tokenizer = bundle.tokenizer();
        this.contextLength = bundle.contextLength();
    }

    /** The text's token ids; an empty text is [SOT, EOT], zero padded. */
    int[] tokenize(String text) {
        texts++;
        if (tokenizer.encode(text).length + 2 > contextLength) {
            truncated++;
        }
        return tokenizer.tokenize(text, contextLength);
    }

    int texts() {
        return texts;
    }

    /** ", N texts truncated to 77 tokens" when any was, for the end of a summary line; else "". */
    String truncationNote() {
        return truncated == 0 ? "" : ", " + Plural.of(truncated, "text") + " truncated to " + contextLength + " tokens";
    }
}
