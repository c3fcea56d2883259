package io.clipbatch.job.lake.delta;

import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.job.lake.TableFormat;
import io.clipbatch.udfs.UserError;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Delta Lake: {@code delta-spark} 3.3 on Spark 3.5, 4.4 on Spark 4.2, provided by the cluster. */
public final class DeltaFormat implements TableFormat {
    static final String EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    static final String CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

    @Override
    public SinkKind kind() {
        return SinkKind.DELTA;
    }

    @Override
    public Map<String, String> sessionSettings() {
        return Map.of("spark.sql.extensions", EXTENSION, "spark.sql.catalog.spark_catalog", CATALOG);
    }

    @Override
    public void checkAvailable(SparkSession spark, String use) {
        try {
            Class.forName("io.delta.tables.DeltaTable");
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new UserError(use + " needs Delta Lake on the classpath: spark-submit --packages "
                    + "io.delta:delta-spark_" + scalaBinary() + ":" + (spark.version().startsWith("3.") ? "3.3.2"
                    : "4.4.0") + " (the clip-batch launcher adds it for --sink delta)");
        }
        String extensions = spark.conf().get("spark.sql.extensions", "");
        if (!extensions.contains(EXTENSION)) {
            throw new UserError(use + " needs the Spark session to load Delta's SQL extension: pass --conf "
                    + "spark.sql.extensions=" + EXTENSION + " --conf spark.sql.catalog.spark_catalog=" + CATALOG);
        }
    }

    @Override
    public LakeSink open(SparkSession spark, String output) {
        return new DeltaSink(spark, output);
    }

    private static String scalaBinary() {
        String version = scala.util.Properties.versionNumberString();
        return version.substring(0, version.lastIndexOf('.'));
    }
}
