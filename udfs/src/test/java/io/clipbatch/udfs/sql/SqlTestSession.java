package io.clipbatch.udfs.sql;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local[2] session for the SQL tests, with the extensions found as a user's session finds them (ServiceLoader). */
final class SqlTestSession {
    static final Path MODEL = Path.of("../core/src/test/resources/models/tiny-clip-immich").toAbsolutePath().normalize();
    static final Path IMAGES = Path.of("../core/src/test/resources/golden/embeddings").toAbsolutePath().normalize();

    private SqlTestSession() {}

    static synchronized SparkSession get() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("clip-batch sql tests")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /** A SQL string literal. */
    static String quoted(Object text) {
        return "'" + text.toString().replace("'", "\\'") + "'";
    }
}
