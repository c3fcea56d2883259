package io.clipbatch.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/**
 * An Iceberg table (Hadoop catalog on a local path) that {@code score --sink iceberg} wrote, read by
 * iceberg-data's generic reader with no Spark: the same rows, floats for floats, as a plain Parquet
 * {@code score}; after an incremental run, the merge-on-read state with its delete files applied.
 * Spark 3.5 only: Iceberg has no Spark 4.2 runtime (the spark-4 profile leaves this class out).
 */
class IcebergInteropIT {
    private static final String TABLE = "lake.clip.embeddings";

    @Test
    void icebergGenericsReadTheFirstLoadAndTheMergedIncrementalState() throws Exception {
        Path dir = Project.freshDir("iceberg");
        Path images = dir.resolve("images");
        Path warehouse = dir.resolve("warehouse");
        LakeImages.writeFirstState(images);

        score("iceberg-first-load", images, warehouse);
        assertEquals(LakeImages.firstState(), IcebergRows.read(IcebergRows.load(warehouse, "clip", "embeddings")));

        LakeImages.changeToSecondState(images);
        score("iceberg-incremental", images, warehouse, "--incremental", "--delete-missing");
        Table table = IcebergRows.load(warehouse, "clip", "embeddings");
        assertEquals(LakeImages.secondState(), IcebergRows.read(table));

        Snapshot merge = table.currentSnapshot();
        Map<String, String> summary = merge.summary();
        assertTrue(Integer.parseInt(summary.getOrDefault("total-position-deletes", "0")) > 0,
                () -> "merge-on-read: the MERGE wrote position deletes, not a rewrite of the unchanged rows: " + summary);
        assertTrue(summary.containsKey("clip_batch.onnx.visual.sha256"),
                () -> "the commit's snapshot summary carries the run's provenance: " + summary);
        assertEquals(2, ((HasTableOperations) table).operations().current().formatVersion());
    }

    private static void score(String logName, Path images, Path warehouse, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--sink", "iceberg",
                "--input", images.toString(), "--output", TABLE,
                "--conf", "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog",
                "--conf", "spark.sql.catalog.lake.type=hadoop",
                "--conf", "spark.sql.catalog.lake.warehouse=" + warehouse.toUri()));
        args.addAll(List.of(more));
        ClipBatchJvm.score(logName, args.toArray(String[]::new));
    }
}
