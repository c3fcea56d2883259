package io.clipbatch.udfs.partition;

import io.clipbatch.core.zeroshot.Prediction;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The zero-shot columns of one image ({@code pred_label}, {@code pred_index}, {@code topk}) from its
 * embedding: what scoring writes, and what a lake table's rows get again when only the classes or
 * templates changed.
 */
public final class ZeroShotValues {
    private ZeroShotValues() {
    }

    /** The three values in {@link ScoreSchema#output} order. */
    public static Object[] of(ZeroShotHead head, float[] embedding, int topK) {
        List<Prediction> predictions = head.topK(embedding, topK);
        return new Object[] {
            predictions.get(0).label(),
            predictions.get(0).index(),
            predictions.stream().map(p -> RowFactory.create(p.label(), p.index(), p.score())).toArray(Row[]::new)
        };
    }
}
