package io.clipbatch.job.output;

import io.clipbatch.udfs.input.StoreErrors;
import static org.apache.spark.sql.functions.col;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;

/**
 * {@code --retry-errors PREVIOUS_OUTPUT}: a previous output cut into the rows to keep as they are
 * and the rows whose {@code error} is set, back in input form (the score columns dropped) so that
 * they can be scored again.
 *
 * @param kept       rows without an error, exactly as the previous run wrote them
 * @param toRescore  rows with an error, without the columns score adds; their path column is {@code path}
 * @param rows       all rows of the previous output
 */
public record RetryErrors(Dataset<Row> kept, Dataset<Row> toRescore, long rows) {

    public static RetryErrors open(SparkSession spark, String previous, boolean zeroShot, String embeddingDtype) {
        Dataset<Row> earlier = read(spark, previous);
        List<String> columns = Arrays.asList(earlier.columns());
        if (!columns.contains(ScoreSchema.ERROR) || !columns.contains(ScoreSchema.EMBEDDING)
                || !columns.contains(ScoreSchema.PATH)) {
            throw new UserError("--retry-errors " + previous + " is not a score output (it needs path, embedding "
                    + "and error columns; it has " + String.join(", ", columns) + ")");
        }
        if (columns.contains(ScoreSchema.PRED_LABEL) != zeroShot) {
            throw new UserError(zeroShot
                    ? "--retry-errors " + previous + " has no zero-shot columns; drop --classes"
                    : "--retry-errors " + previous + " has zero-shot columns; pass the same --classes and --templates");
        }
        String earlierDtype = earlier.schema().apply(ScoreSchema.EMBEDDING).dataType() instanceof BinaryType
                ? "float16" : "float32";
        if (!earlierDtype.equals(embeddingDtype)) {
            throw new UserError("--retry-errors " + previous + " has " + earlierDtype
                    + " embeddings; pass --embedding-dtype " + earlierDtype);
        }
        Dataset<Row> failed = earlier.filter(col(ScoreSchema.ERROR).isNotNull())
                .drop(ScoreSchema.ADDED.toArray(new String[0]));
        String problem = ScoreSchema.problemWith(failed.schema(), ScoreSchema.PATH);
        if (problem != null) {
            throw new UserError("--retry-errors " + previous + ": " + problem);
        }
        return new RetryErrors(earlier.filter(col(ScoreSchema.ERROR).isNull()), failed, earlier.count());
    }

    private static Dataset<Row> read(SparkSession spark, String previous) {
        try {
            return spark.read().parquet(previous);
        } catch (RuntimeException e) {
            throw new UserError("cannot read --retry-errors " + previous + ": " + StoreErrors.reason(e));
        }
    }
}
