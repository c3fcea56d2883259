package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.Comparator;
import org.apache.spark.sql.Row;

/**
 * One stored row found for a query: its cosine score, its key and the row itself (the columns the
 * search was given, less the embedding).
 */
public record Hit(float score, Object key, Row row) implements Serializable {
    /** Best first: higher score, then, on equal scores, the lower key, so that results are deterministic. */
    public static final Comparator<Hit> BEST_FIRST = (Comparator<Hit> & Serializable) (a, b) -> {
        int byScore = Float.compare(b.score, a.score);
        return byScore != 0 ? byScore : compareKeys(a.key, b.key);
    };
    /** The order of a bounded heap, whose head is the hit to drop first; serializable, as heaps travel. */
    static final Comparator<Hit> WORST_FIRST = (Comparator<Hit> & Serializable) (a, b) -> BEST_FIRST.compare(b, a);

    /** Strings in their natural (UTF-16) order, integral keys by value. */
    public static int compareKeys(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
}
