package io.clipbatch.job.lake.iceberg;

import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.job.lake.TableFormat;
import io.clipbatch.udfs.UserError;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark 4 build has no Iceberg sink: Apache Iceberg publishes no Spark 4.2 runtime, so
 * {@code --sink iceberg} is refused on the driver before anything is read or written.
 */
public final class IcebergFormat implements TableFormat {
    static final String REFUSAL = refusal("--sink iceberg");

    @Override
    public SinkKind kind() {
        return SinkKind.ICEBERG;
    }

    /** None: {@link #checkAvailable} refuses the sink. */
    @Override
    public Map<String, String> sessionSettings() {
        return Map.of();
    }

    @Override
    public void checkAvailable(SparkSession spark, String use) {
        throw new UserError(refusal(use));
    }

    private static String refusal(String use) {
        return use + " needs the Spark 3.5 build of clip-batch: Apache Iceberg has no runtime for Spark 4.2,"
                + " so on Spark 4 write --sink delta or parquet";
    }

    @Override
    public LakeSink open(SparkSession spark, String output) {
        throw new UserError(REFUSAL);
    }
}
