package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.DeltaTableTest.assertCounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.lake.StagingRunsTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table options of {@code score --sink delta} beyond the defaults: {@code --key-column} (with the
 * removal of staging folders that killed runs left behind), {@code --fingerprint-column},
 * {@code --fingerprint sha256}, and a table named through the catalog.
 */
class LakeTableOptionsTest {
    private static final Path IMAGES = SparkTestSession.GOLDEN_IMAGES;

    @TempDir
    static Path work;

    private static SparkSession spark;

    @BeforeAll
    static void spark() {
        spark = SparkTestSession.get();
    }

    @Test
    void aKeyColumnKeepsOneRowPerKeyThroughNewMovedChangedAndDeletedKeys() throws Exception {
        Path images = copies("by-key", "chelsea.jpg", "gradient.png", "camera-grey.png");
        Path table = work.resolve("lake/by-key");
        // Keys c and a share an image: the key, not the path, is what must be unique.
        String first = manifest("by-key-1", Map.of("a", images.resolve("chelsea.jpg"),
                "b", images.resolve("gradient.png"), "c", images.resolve("chelsea.jpg"),
                "e", images.resolve("camera-grey.png")));
        assertCounts(score(first, table.toString(), "--key-column", "id"), 4, 0, 0, 0, 0, 0);

        // b's image moves (same bytes, size and time: its fingerprint stays), e's bytes change, c leaves, d arrives.
        Path moved = Files.createDirectories(images.resolve("moved")).resolve("gradient.png");
        Files.move(images.resolve("gradient.png"), moved);
        Files.copy(IMAGES.resolve("coffee-palette.png"), images.resolve("camera-grey.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(images.resolve("camera-grey.png"), FileTime.from(Instant.now().plusSeconds(60)));
        Files.copy(IMAGES.resolve("tall-lines.png"), images.resolve("tall-lines.png"));
        String second = manifest("by-key-2", Map.of("a", images.resolve("chelsea.jpg"), "b", moved,
                "d", images.resolve("tall-lines.png"), "e", images.resolve("camera-grey.png")));
        // Two runs' staging folders beside the table: one of a run killed a day ago, one of a run that may be alive.
        Path staging = work.resolve("lake/_clipbatch_staging_by-key");
        Path killed = Files.createDirectories(staging.resolve(StagingRunsTest.runName(Duration.ofHours(25)))
                .resolve("group-0")).getParent();
        Path live = Files.createDirectories(staging.resolve(StagingRunsTest.runName(Duration.ofHours(1))));
        CliTest.Run incremental = score(second, table.toString(), "--key-column", "id", "--incremental",
                "--delete-missing");
        assertCounts(incremental, 1, 2, 1, 0, 1, 0);
        assertTrue(incremental.err().contains("clip-batch: removed 1 staging folder of runs abandoned over 24 h ago "
                + "from " + staging + ": " + killed.getFileName() + "\n"), incremental.err());
        assertTrue(Files.notExists(killed));
        assertEquals(List.of(live.getFileName()), visible(staging), "the live run's folder stays; this run's is gone");

        Dataset<Row> rows = delta(table);
        assertEquals(4, rows.count());
        assertEquals(Map.of("a", "chelsea.jpg", "b", "moved/gradient.png", "d", "tall-lines.png",
                "e", "camera-grey.png"), pathsById(rows, images));
        assertEquals(0, rows.filter("error IS NOT NULL").count());
    }

    @Test
    void aManifestFingerprintDecidesAloneWhatChanged() throws Exception {
        Path images = copies("etag", "chelsea.jpg", "gradient.png");
        Path table = work.resolve("lake/etag");
        StructType schema = new StructType().add("path", DataTypes.StringType).add("etag", DataTypes.StringType);
        String first = write("etag-1", schema, RowFactory.create(images.resolve("chelsea.jpg").toString(), "v1"),
                RowFactory.create(images.resolve("gradient.png").toString(), "v1"));
        assertCounts(score(first, table.toString(), "--fingerprint-column", "etag"), 2, 0, 0, 0, 0, 0);
        assertEquals(List.of("v1"), delta(table).select("content_fingerprint").distinct().as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList());

        // chelsea's ETag changes with its file untouched: scored again. gradient's file is touched with its
        // ETag kept: the manifest says it is the same object, so it is not.
        Files.setLastModifiedTime(images.resolve("gradient.png"), FileTime.from(Instant.now().plusSeconds(60)));
        String second = write("etag-2", schema, RowFactory.create(images.resolve("chelsea.jpg").toString(), "v2"),
                RowFactory.create(images.resolve("gradient.png").toString(), "v1"));
        assertCounts(score(second, table.toString(), "--fingerprint-column", "etag", "--incremental"),
                0, 1, 1, 0, 0, 0);
        assertEquals(Map.of("chelsea.jpg", "v2", "gradient.png", "v1"), fingerprints(table));
    }

    @Test
    void sha256FingerprintsSeeChangedBytesAndIgnoreATouch() throws Exception {
        Path images = copies("sha", "chelsea.jpg", "gradient.png");
        Path table = work.resolve("lake/sha");
        assertCounts(score(images.toString(), table.toString(), "--fingerprint", "sha256"), 2, 0, 0, 0, 0, 0);
        Map<String, String> before = fingerprints(table);
        assertTrue(before.values().stream().allMatch(f -> f.matches("sha256:[0-9a-f]{64}")), before.toString());

        // One byte of chelsea.jpg's pixel data changes, its size and time kept; gradient.png is only touched.
        Path chelsea = images.resolve("chelsea.jpg");
        FileTime time = Files.getLastModifiedTime(chelsea);
        byte[] bytes = Files.readAllBytes(chelsea);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(chelsea, bytes);
        Files.setLastModifiedTime(chelsea, time);
        Files.setLastModifiedTime(images.resolve("gradient.png"), FileTime.from(Instant.now().plusSeconds(60)));
        assertCounts(score(images.toString(), table.toString(), "--fingerprint", "sha256", "--incremental"),
                0, 1, 1, 0, 0, 0);
        Map<String, String> after = fingerprints(table);
        assertEquals(before.get("gradient.png"), after.get("gradient.png"));
        assertTrue(!before.get("chelsea.jpg").equals(after.get("chelsea.jpg")), after.toString());
    }

    @Test
    void aCatalogTableLoadsIncrementsAndStaysClearOfItsInput() throws Exception {
        Path images = copies("catalog", "chelsea.jpg", "gradient.png");
        Path warehouse = Files.createDirectories(work.resolve("warehouse"));
        spark.sql("CREATE DATABASE lakecat LOCATION '" + warehouse.toUri() + "'");
        assertCounts(score(images.toString(), "lakecat.embeddings"), 2, 0, 0, 0, 0, 0);
        Files.copy(IMAGES.resolve("tall-lines.png"), images.resolve("tall-lines.png"));
        assertCounts(score(images.toString(), "lakecat.embeddings", "--incremental"), 1, 0, 2, 0, 0, 0);
        assertEquals(3, spark.table("lakecat.embeddings").select("path").distinct().count());
        assertTrue(Files.isDirectory(warehouse.resolve("embeddings/_delta_log")), "a managed table in the database");

        // The table exists, in a folder inside the input: refused before anything is read.
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--sink", "delta",
                "--input", warehouse.toString(), "--output", "lakecat.embeddings", "--incremental"),
                "lies inside --input");
        // The table does not exist yet, and its database's folder is the input: refused, nothing created.
        spark.sql("CREATE DATABASE lakein LOCATION '" + images.toUri() + "'");
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--sink", "delta",
                "--input", images.toString(), "--output", "lakein.embeddings"), "lies inside --input");
        assertTrue(Files.notExists(images.resolve("embeddings")));
    }

    private static List<Path> visible(Path folder) throws Exception {
        try (var entries = Files.list(folder)) {
            return entries.map(Path::getFileName).filter(name -> !name.toString().startsWith(".")).toList();
        }
    }

    private static CliTest.Run score(String input, String table, String... extra) {
        List<String> args = new ArrayList<>(List.of("score", "--model", CliTest.MODEL, "--input", input,
                "--output", table, "--sink", "delta"));
        args.addAll(List.of(extra));
        CliTest.Run run = CliTest.run("", args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        return run;
    }

    private static Path copies(String folder, String... names) throws Exception {
        Path images = Files.createDirectories(work.resolve(folder));
        for (String name : names) {
            Files.copy(IMAGES.resolve(name), images.resolve(name));
        }
        return images;
    }

    /** A Parquet manifest of (id, path). */
    private static String manifest(String name, Map<String, Path> pathsById) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("path", DataTypes.StringType);
        return write(name, schema, new TreeMap<>(pathsById).entrySet().stream()
                .map(e -> RowFactory.create(e.getKey(), e.getValue().toString())).toArray(Row[]::new));
    }

    private static String write(String name, StructType schema, Row... rows) {
        String manifest = work.resolve(name + ".parquet").toString();
        spark.createDataFrame(List.of(rows), schema).coalesce(1).write().parquet(manifest);
        return manifest;
    }

    private static Dataset<Row> delta(Path table) {
        return spark.read().format("delta").load(table.toString());
    }

    private static Map<String, String> pathsById(Dataset<Row> rows, Path images) {
        Map<String, String> paths = new TreeMap<>();
        for (Row row : rows.select("id", "path").collectAsList()) {
            paths.put(row.getString(0), images.relativize(Path.of(row.getString(1))).toString());
        }
        return paths;
    }

    /** file name -> content_fingerprint. */
    private static Map<String, String> fingerprints(Path table) {
        Map<String, String> fingerprints = new TreeMap<>();
        for (Row row : delta(table).select("path", "content_fingerprint").collectAsList()) {
            fingerprints.put(Path.of(row.getString(0)).getFileName().toString(), row.getString(1));
        }
        return fingerprints;
    }
}
