package io.clipbatch.job.lake;

import java.util.List;

/**
 * The columns a lake table has besides those of the Parquet output (key, pass-through columns,
 * {@code embedding}, {@code error}, the zero-shot columns): what an incremental run compares to
 * decide which rows to score again. docs/lake.md describes each.
 */
public final class LakeColumns {
    /** What the image's bytes were when scored: size and modification time, a manifest's column, or a sha256. */
    public static final String CONTENT_FINGERPRINT = "content_fingerprint";
    /** The model bundle's name. */
    public static final String MODEL = "model";
    /** The sha256 of the visual ONNX: rows scored by another image tower are scored again. */
    public static final String MODEL_SHA256 = "model_sha256";
    /** The preprocessing (resize, crop, normalization and mode): rows preprocessed otherwise are scored again. */
    public static final String PREPROCESS = "preprocess";
    /** The sha256 of the zero-shot classes and templates; null without zero-shot. */
    public static final String ZEROSHOT_SHA256 = "zeroshot_sha256";
    /** When the row was scored (UTC timestamp). */
    public static final String SCORED_AT = "scored_at";

    /** In the order they follow the scored columns. */
    public static final List<String> ALL = List.of(CONTENT_FINGERPRINT, MODEL, MODEL_SHA256, PREPROCESS,
            ZEROSHOT_SHA256, SCORED_AT);

    private LakeColumns() {
    }
}
