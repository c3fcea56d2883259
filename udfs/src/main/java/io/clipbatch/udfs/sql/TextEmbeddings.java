package io.clipbatch.udfs.sql;

import io.clipbatch.core.bundle.Bundle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Text embeddings memoised per JVM, so that a query asking for the same text on every row (an
 * {@code ORDER BY} against a text column) runs the text tower once per distinct text, not once per row.
 * A cap keeps a column of ever-new texts from growing the memo without bound.
 */
final class TextEmbeddings {
    static final int MAX_REMEMBERED = 10_000;

    private record Key(String modelDir, String text) {}

    private static final Map<Key, float[]> MEMO = new ConcurrentHashMap<>();
    private static final AtomicLong TOWER_RUNS = new AtomicLong();

    private TextEmbeddings() {}

    /** The L2-normalised embedding of {@code text}, tokenized as {@code clip.tokenize(truncate=True)}; do not modify it. */
    static float[] of(String modelDir, String text) {
        if (MEMO.size() >= MAX_REMEMBERED) {
            MEMO.clear();
        }
        return MEMO.computeIfAbsent(new Key(modelDir, text), key -> encode(key.modelDir(), key.text()));
    }

    /** How often this JVM ran the text tower for SQL (the tests count it). */
    static long towerRuns() {
        return TOWER_RUNS.get();
    }

    private static float[] encode(String modelDir, String text) {
        TOWER_RUNS.incrementAndGet();
        Bundle bundle = SqlModels.bundle(modelDir);
        int[] ids = bundle.tokenizer().tokenize(text, bundle.contextLength());
        return SqlModels.model(modelDir).encodeTexts(new int[][] {ids})[0];
    }
}
