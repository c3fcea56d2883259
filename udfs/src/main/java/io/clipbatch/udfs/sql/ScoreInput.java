package io.clipbatch.udfs.sql;

import io.clipbatch.udfs.input.ImageInputs;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code clip_score}'s first argument: a table the session's catalog knows by that name, else a URI
 * read as {@code score --input} reads it (a Parquet manifest, or a folder or prefix of images).
 * Only its schema and top-level listing are read here, at analysis.
 */
final class ScoreInput {
    private ScoreInput() {}

    static Dataset<Row> open(SqlArguments args, SparkSession spark, String input, String pathColumn, String bytesColumn) {
        Dataset<Row> rows = isTable(spark, input) ? table(args, spark, input, pathColumn)
                : ImageInputs.open(spark, input, pathColumn);
        if (bytesColumn != null) {
            StructType schema = rows.schema();
            if (!Arrays.asList(schema.fieldNames()).contains(bytesColumn)
                    || !(schema.apply(bytesColumn).dataType() instanceof BinaryType)) {
                throw args.mistake("the input " + input + " has no binary column '" + bytesColumn + "' (bytes_column)");
            }
        }
        return rows;
    }

    /**
     * As many tasks as the cluster has cores when the input has fewer partitions (a single manifest
     * file, a flat folder): scoring is batched within a task, so a lone task would run alone.
     */
    static Dataset<Row> spread(Dataset<Row> rows) {
        int cores = rows.sparkSession().sparkContext().defaultParallelism();
        return rows.rdd().getNumPartitions() >= cores ? rows : rows.repartition(cores);
    }

    private static Dataset<Row> table(SqlArguments args, SparkSession spark, String name, String pathColumn) {
        Dataset<Row> rows = spark.table(name);
        String problem = ScoreSchema.problemWith(rows.schema(), pathColumn);
        if (problem != null) {
            throw args.mistake("table " + name + ": " + problem);
        }
        return rows;
    }

    /** Whether the catalog has a table of this name; a path or URI is no table name. */
    private static boolean isTable(SparkSession spark, String input) {
        try {
            return spark.catalog().tableExists(input);
        } catch (Exception notAName) {   // Spark's ParseException, an AnalysisException, thrown unchecked
            return false;
        }
    }
}
