package io.clipbatch.job.lake.iceberg;

import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.job.lake.TableFormat;
import io.clipbatch.udfs.UserError;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Apache Iceberg through its Spark 3.5 runtime ({@code provided}: clusters get it with
 * {@code --packages}, which submit/clip-batch adds for {@code --sink iceberg}). Tables are named
 * {@code catalog.db.table}, the catalog set with {@code --conf spark.sql.catalog.NAME=...}.
 */
public final class IcebergFormat implements TableFormat {
    /** What spark-submit's --packages needs; submit/lib.sh names the same coordinate. */
    static final String RUNTIME_PACKAGE = "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.1";
    private static final String RUNTIME_CLASS = "org.apache.iceberg.spark.SparkCatalog";

    @Override
    public SinkKind kind() {
        return SinkKind.ICEBERG;
    }

    /** None: Spark 3.5 runs MERGE on Iceberg's row-level API itself, and catalogs come with --conf. */
    @Override
    public Map<String, String> sessionSettings() {
        return Map.of();
    }

    @Override
    public void checkAvailable(SparkSession spark, String use) {
        try {
            Class.forName(RUNTIME_CLASS, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UserError(use + " needs Apache Iceberg's Spark runtime on the classpath: --packages "
                    + RUNTIME_PACKAGE + " (submit/clip-batch adds it for --sink iceberg)");
        }
    }

    @Override
    public LakeSink open(SparkSession spark, String output) {
        return new IcebergSink(spark, IcebergTableName.parse(spark, output));
    }
}
