package io.clipbatch.job.lake;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A lake table format (Delta Lake, Apache Iceberg): opens the table that {@code --output} names.
 * An implementation has a public no-argument constructor and is named in {@link SinkKind}.
 */
public interface TableFormat {
    SinkKind kind();

    /**
     * Static Spark settings the format needs (session extensions, catalogs), applied when clip-batch
     * creates the session itself; spark-submit's settings and {@code --conf} win over them.
     */
    Map<String, String> sessionSettings();

    /**
     * Refuses, with a one-sentence {@link io.clipbatch.udfs.UserError}, a session that cannot write this
     * format: its library is not on the classpath, the Spark line has no build of it, or the session
     * lacks the extensions or catalog it needs. Called on the driver before anything is read or written.
     */
    default void checkAvailable(SparkSession spark) {
        checkAvailable(spark, "--sink " + kind().flag());
    }

    /**
     * As {@link #checkAvailable(SparkSession)}, for a use of the table other than {@code --sink}:
     * {@code use} begins each sentence, e.g. {@code "--embeddings /lake/t (a Delta table)"}.
     */
    void checkAvailable(SparkSession spark, String use);

    /**
     * The table {@code output} names: a path ({@code /data/t}, {@code s3a://bucket/t}) or a catalog
     * table name ({@code db.t}, {@code catalog.db.t}), whichever the format supports. Opening reads
     * nothing and creates nothing.
     */
    LakeSink open(SparkSession spark, String output);
}
