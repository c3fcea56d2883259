package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.clipbatch.job.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark 4 build has no Iceberg sink, and reads no Iceberg table: one sentence, exit 2, nothing written. */
class IcebergOnSpark4Test {
    @TempDir
    static Path work;

    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    @Test
    void sinkIcebergIsRefusedInOneSentenceBeforeAnythingIsWritten() {
        Path warehouse = work.resolve("warehouse");
        CliTest.Run run = CliTest.run("", "score", "--sink", "iceberg", "--model", CliTest.MODEL, "--device", "cpu",
                "--input", SparkTestSession.GOLDEN_IMAGES.toString(), "--output", "lake.clip.embeddings",
                "--conf", "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog",
                "--conf", "spark.sql.catalog.lake.warehouse=" + warehouse.toUri());
        CliTest.assertOneLineUsageError(run, "--sink iceberg needs the Spark 3.5 build of clip-batch: Apache Iceberg"
                + " has no runtime for Spark 4.2");
        assertFalse(Files.exists(warehouse));
    }

    @Test
    void anIcebergTableIsNotReadForSearchOrDedup() {
        String[] catalog = {"--conf", "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog"};
        CliTest.assertOneLineUsageError(CliTest.run("", "search", "--model", CliTest.MODEL, "--embeddings",
                "lake.clip.embeddings", "--text", "a cat", "--output", work.resolve("found").toString(), catalog[0],
                catalog[1]), "--embeddings lake.clip.embeddings (an Iceberg table name) needs the Spark 3.5 build");
        CliTest.assertOneLineUsageError(CliTest.run("", "dedup", "--embeddings", "lake.clip.embeddings",
                "--threshold", "0.9", "--output", work.resolve("groups").toString(), catalog[0], catalog[1]),
                "needs the Spark 3.5 build of clip-batch");
        assertFalse(Files.exists(work.resolve("found")) || Files.exists(work.resolve("groups")));
    }
}
