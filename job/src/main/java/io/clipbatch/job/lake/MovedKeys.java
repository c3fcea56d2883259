package io.clipbatch.job.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * With {@code --key-column}, a key's image may move to another path. A moved file often keeps its size
 * and modification time, and a manifest's fingerprint (an ETag, a hash) stays the same, so the
 * fingerprint alone calls the key unchanged and the table would keep the old path. A key whose path
 * differs from the table's is scored again, like a changed one: its row then names where the image is.
 */
final class MovedKeys {
    private static final String TABLE_KEY = "_moved_key";
    private static final String TABLE_PATH = "_moved_path";

    private MovedKeys() {
    }

    /**
     * The worklist with the kind of every key already in the table whose path differs set to
     * {@code changed}. Keyed by the path column itself, a path cannot move, and the worklist is returned
     * as it is.
     */
    static Dataset<Row> asChanged(Dataset<Row> worklist, LakeSink sink, String key, String pathColumn,
                                  String kindColumn, String changed) {
        if (key.equals(pathColumn)) {
            return worklist;
        }
        Dataset<Row> table = sink.read(List.of(key, pathColumn)).toDF(TABLE_KEY, TABLE_PATH);
        Column moved = col(TABLE_KEY).isNotNull().and(not(worklist.col(pathColumn).eqNullSafe(col(TABLE_PATH))));
        return worklist.join(table, worklist.col(key).equalTo(col(TABLE_KEY)), "left_outer")
                .withColumn(kindColumn, when(moved, lit(changed)).otherwise(worklist.col(kindColumn)))
                .drop(TABLE_KEY, TABLE_PATH);
    }
}
