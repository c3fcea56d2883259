package io.clipbatch.core.zeroshot;

import java.util.List;

/** Text prompts to embeddings (tokenizer + text tower), one row per prompt. */
@FunctionalInterface
public interface PromptEncoder {
    float[][] encode(List<String> prompts);
}
