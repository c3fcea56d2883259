package io.clipbatch.job.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.ImageListing;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * One row per key, as a table needs: a MERGE with a key twice in its source fails, and dropping rows
 * silently would break "one row per input".
 */
final class InputKeys {
    private static final String ORDER = "_clipbatch_input_order";

    private InputKeys() {
    }

    /** The input as it is when its keys are unique; otherwise a one-sentence refusal, or the first row of each key. */
    static Dataset<Row> unique(Dataset<Row> input, String key, LakeSettings.DuplicateKeys duplicates) {
        if (isListedPath(input, key)) {
            return input; // a folder listing names each file once
        }
        if (duplicates == LakeSettings.DuplicateKeys.FIRST) {
            Dataset<Row> ordered = input.withColumn(ORDER, monotonically_increasing_id());
            return ordered.withColumn("_clipbatch_rank", row_number().over(Window.partitionBy(key).orderBy(ORDER)))
                    .filter(col("_clipbatch_rank").equalTo(lit(1)))
                    .drop("_clipbatch_rank", ORDER);
        }
        Dataset<Row> repeated = input.groupBy(col(key)).agg(count(lit(1)).as("n")).filter(col("n").gt(1));
        // One example, its key and its count taken from the same row.
        Row summary = repeated.agg(count(lit(1)), min(struct(col(key), col("n")))).first();
        long keys = summary.getLong(0);
        if (keys > 0) {
            Row example = summary.getStruct(1);
            throw new UserError("the input has " + keys + " key" + (keys == 1 ? "" : "s") + " in column '" + key
                    + "' more than once (e.g. '" + example.get(0) + "', " + example.get(1)
                    + " times); a table holds one row per key: pass --dedupe-keys first to keep each key's first row");
        }
        return input;
    }

    private static boolean isListedPath(Dataset<Row> input, String key) {
        return key.equals(ScoreSchema.PATH) && Arrays.asList(input.columns()).contains(ImageListing.FILE_SIZE);
    }
}
