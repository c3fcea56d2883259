package io.clipbatch.udfs.ml;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session for the transformer tests, and the tiny real model they run. */
final class MlTestSession {
    /** The tiny random CLIP the core's golden tests use. */
    static final Path TINY_IMMICH =
            Path.of("../core/src/test/resources/models/tiny-clip-immich").toAbsolutePath().normalize();

    private MlTestSession() {}

    static synchronized SparkSession get() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("clip-batch ml tests")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
