package io.clipbatch.job;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session for every test in the JVM: starting Spark costs seconds. */
public final class SparkTestSession {
    /** The tiny random CLIP the core's golden tests use, and the images it has goldens for. */
    public static final Path TINY_IMMICH = Path.of("../core/src/test/resources/models/tiny-clip-immich").toAbsolutePath().normalize();
    public static final Path TINY_HF = Path.of("../core/src/test/resources/models/tiny-clip-hf").toAbsolutePath().normalize();
    public static final Path GOLDEN_IMAGES = Path.of("../core/src/test/resources/golden/embeddings").toAbsolutePath().normalize();

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("clip-batch tests")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                // Delta Lake (on the test classpath, provided at run time) for the lake-table sink's tests.
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // A handful of rows: Delta's 50 partitions for a table's log state are 50 tasks of nothing.
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .getOrCreate();
    }
}
