package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score --sink iceberg} into a Hadoop catalog in a local folder: the first load, an incremental
 * run with a new, a changed and a deleted image, and an incremental run with nothing to do.
 */
class IcebergSinkCliTest {
    private static final Path IMAGES = SparkTestSession.GOLDEN_IMAGES;
    private static final String TABLE = "cli.clip.embeddings";

    @TempDir
    static Path work;

    @BeforeAll
    static void spark() throws Exception {
        SparkTestSession.get();
        Files.writeString(work.resolve("classes.txt"), "cat\ncamera\ncoffee\n");
    }

    @Test
    void firstLoadThenNewChangedAndDeletedThenNothingToDo() throws Exception {
        Path images = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("chelsea.jpg", "camera-grey.png", "gradient.png")) {
            Files.copy(IMAGES.resolve(name), images.resolve(name));
        }

        CliTest.Run first = score(images);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains(TABLE + ": 3 new, 0 changed, 0 unchanged, 0 errors rescored, 0 deleted; 1 commit"),
                first.err());
        Table table = Spark3Util.loadIcebergTable(SparkTestSession.get(), TABLE);
        assertEquals(2, ((HasTableOperations) table).operations().current().formatVersion());
        assertEquals("merge-on-read", table.properties().get("write.merge.mode"));
        Map<String, String> summary = table.currentSnapshot().summary();
        assertEquals(table.properties().get("clip_batch.onnx.visual.sha256"), summary.get("clip_batch.onnx.visual.sha256"));
        assertTrue(summary.get("clip_batch.provenance").contains("\"clip_batch.onnx.visual.sha256\""), summary::toString);
        Map<String, String> firstFingerprints = fingerprints();
        assertEquals(List.of("camera-grey.png", "chelsea.jpg", "gradient.png"), List.copyOf(firstFingerprints.keySet()));

        Files.delete(images.resolve("gradient.png"));
        Files.copy(IMAGES.resolve("tall-lines.png"), images.resolve("tall-lines.png"));
        Files.copy(IMAGES.resolve("coffee-palette.png"), images.resolve("camera-grey.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(images.resolve("camera-grey.png"), FileTime.from(Instant.now().plusSeconds(60)));
        long firstSnapshot = table.currentSnapshot().snapshotId();
        List<String> firstDataFiles = dataFiles(table);

        CliTest.Run incremental = score(images, "--incremental", "--delete-missing");
        assertEquals(0, incremental.code(), incremental.err());
        assertTrue(incremental.err().contains(
                TABLE + ": 1 new, 1 changed, 1 unchanged, 0 errors rescored, 1 deleted; 1 commit"), incremental.err());
        table.refresh();
        Snapshot merge = table.currentSnapshot();
        assertEquals(firstSnapshot, merge.parentId(), "new, changed and deleted rows in one snapshot");
        assertTrue(Long.parseLong(merge.summary().getOrDefault("added-position-deletes", "0")) > 0,
                "merge-on-read: " + merge.summary());
        assertTrue(dataFiles(table).containsAll(firstDataFiles), "the unchanged row's data file is not rewritten");
        Map<String, String> secondFingerprints = fingerprints();
        assertEquals(List.of("camera-grey.png", "chelsea.jpg", "tall-lines.png"),
                List.copyOf(secondFingerprints.keySet()));
        assertEquals(firstFingerprints.get("chelsea.jpg"), secondFingerprints.get("chelsea.jpg"));
        assertTrue(!firstFingerprints.get("camera-grey.png").equals(secondFingerprints.get("camera-grey.png")));

        CliTest.Run nothing = score(images, "--incremental", "--delete-missing");
        assertEquals(0, nothing.code(), nothing.err());
        assertTrue(nothing.err().contains(
                TABLE + ": 0 new, 0 changed, 3 unchanged, 0 errors rescored, 0 deleted; nothing to commit"), nothing.err());
        table.refresh();
        assertEquals(merge.snapshotId(), table.currentSnapshot().snapshotId(), "a run with nothing to do commits nothing");
    }

    @Test
    void aTableInsideItsInputIsRefusedBeforeAnythingIsWritten() {
        // The Hadoop catalog keeps the table under work/warehouse, so an input of work holds it, whether
        // the table exists yet (the other test's runs) or not.
        Path tableFolder = work.resolve("warehouse/clip/embeddings");
        boolean existed = Files.exists(tableFolder);
        CliTest.assertOneLineUsageError(score(work, "--incremental"), "lies inside --input");
        assertEquals(existed, Files.exists(tableFolder));
    }

    private static CliTest.Run score(Path images, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--sink", "iceberg", "--model", CliTest.MODEL,
                "--device", "cpu", "--input", images.toString(), "--output", TABLE,
                "--classes", work.resolve("classes.txt").toString(),
                "--conf", "spark.sql.catalog.cli=org.apache.iceberg.spark.SparkCatalog",
                "--conf", "spark.sql.catalog.cli.type=hadoop",
                "--conf", "spark.sql.catalog.cli.warehouse=" + work.resolve("warehouse").toUri()));
        args.addAll(List.of(more));
        return CliTest.run("", args.toArray(String[]::new));
    }

    private static List<String> dataFiles(Table table) throws java.io.IOException {
        List<String> files = new ArrayList<>();
        try (var tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file().location()));
        }
        return files;
    }

    /** The table's rows as file name -> content_fingerprint. */
    private static Map<String, String> fingerprints() {
        Map<String, String> rows = new TreeMap<>();
        for (Row row : SparkTestSession.get().table(TABLE).select("path", "content_fingerprint").collectAsList()) {
            String path = row.getString(0);
            rows.put(path.substring(path.lastIndexOf('/') + 1), row.getString(1));
        }
        return rows;
    }
}
