package io.clipbatch.job.eval;

import io.clipbatch.udfs.UserError;
import java.util.Locale;

/** clip_benchmark's two tasks: what {@code eval --task} measures on every dataset. */
public enum EvalTask {
    /** Zero-shot classification: acc1, acc5, mean per-class recall. */
    CLASSIFICATION,
    /** Zero-shot retrieval: image and text retrieval recall@{1,5,10} over images with captions. */
    RETRIEVAL;

    public static EvalTask parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--task must be classification or retrieval, not '" + text + "'");
        }
    }
}
