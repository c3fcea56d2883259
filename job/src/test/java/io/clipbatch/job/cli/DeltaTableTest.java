package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.ChunkPicks;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.udfs.input.ImageInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score --sink delta} keeps a table current with its image folder, one commit per run at most. */
class DeltaTableTest {
    private static final Path IMAGES = SparkTestSession.GOLDEN_IMAGES;
    private static final String IMMICH_VISUAL_SHA256 = "fe41ff92ab41bda330dd5284cc8a5bd63f8fd300d4fe212b87d8b000ec5a2592";
    private static final String HF_VISUAL_SHA256 = "f3ad10224aebc1bfe6a0da6ed99c608bb0e3ce9fa25e5e20eeb69e894f7f80bb";
    private static final Pattern COUNTS = Pattern.compile("(\\d+) new, (\\d+) changed, (\\d+) unchanged, "
            + "(\\d+) errors rescored, (\\d+) deleted(?:, (\\d+) zero-shot relabelled)?; (nothing to commit|(\\d+) commits?)");

    @TempDir
    static Path work;

    private static SparkSession spark;

    @BeforeAll
    static void spark() {
        spark = SparkTestSession.get();
    }

    @Test
    void tableFollowsItsFolderThroughIncrementalRuns() throws Exception {
        Path folder = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("chelsea.jpg", "gradient.png", "camera-grey.png", "coffee-palette.png")) {
            Files.copy(IMAGES.resolve(name), folder.resolve(name));
        }
        Path classes = Files.writeString(work.resolve("classes.txt"), "cat\ndog\n");
        String table = work.resolve("lake/embeddings").toString();

        // First load, one commit per chunk of one image (chunks without rows commit nothing); gradient.png
        // (76,800 pixels) is refused by --max-pixels: an error row.
        CliTest.Run first = score(table, folder, classes, CliTest.MODEL, "--chunk-size", "1", "--commit-every", "1",
                "--max-pixels", "70000");
        assertCounts(first, 4, 0, 0, 0, 0, 0);
        long chunksWithRows = ImageInputs.open(spark, folder.toString(), "path")
                .selectExpr("pmod(hash(path), 4)").distinct().count();
        assertEquals(chunksWithRows, commits(first), first.err());
        assertEquals(chunksWithRows, versions(table), "one table version per commit");
        Dataset<Row> rows = read(table);
        assertEquals(4, rows.count());
        assertEquals(1, rows.filter("error IS NOT NULL").count());
        for (String column : List.of("content_fingerprint", "model", "model_sha256", "preprocess", "zeroshot_sha256",
                "scored_at")) {
            assertEquals(0, rows.filter(column + " IS NULL").count(), column);
        }
        assertEquals(Set.of(IMMICH_VISUAL_SHA256), column(rows, "model_sha256"));
        assertTrue(history(table).get(0).getString(1).contains("clip_batch.onnx.visual.sha256"),
                "each commit's userMetadata holds the provenance");
        Map<String, String> properties = properties(table);
        assertEquals("true", properties.get("delta.enableChangeDataFeed"));
        assertEquals("true", properties.get("delta.enableDeletionVectors"));
        assertEquals(IMMICH_VISUAL_SHA256, properties.get("clip_batch.onnx.visual.sha256"));

        // Nothing changed: nothing scored, nothing committed (an error row stays without --rescore-errors).
        assertCounts(score(table, folder, classes, CliTest.MODEL, "--incremental"), 0, 0, 4, 0, 0, 0);
        assertEquals(chunksWithRows, versions(table));

        // A new image, a changed one, a deleted one, and (--rescore-errors) the refused image scored again
        // without --max-pixels: one MERGE on a table keyed by `path`, with deletion vectors.
        Files.copy(IMAGES.resolve("tall-lines.png"), folder.resolve("tall-lines.png"));
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), folder.resolve("coffee-palette.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(folder.resolve("camera-grey.png"));
        long before = versions(table);
        assertCounts(score(table, folder, classes, CliTest.MODEL, "--incremental", "--delete-missing",
                "--rescore-errors"), 1, 1, 1, 1, 1, 0);
        assertEquals(before + 1, versions(table));
        assertEquals(Set.of("chelsea.jpg", "gradient.png", "coffee-palette.png", "tall-lines.png"), names(read(table)));
        assertEquals(0, read(table).filter("error IS NOT NULL").count());
        Dataset<Row> changes = spark.read().format("delta").option("readChangeFeed", "true")
                .option("startingVersion", before).load(table);
        assertEquals(Set.of("update_postimage:coffee-palette.png", "update_postimage:gradient.png",
                        "insert:tall-lines.png", "delete:camera-grey.png"),
                changes.filter("_change_type != 'update_preimage'").collectAsList().stream()
                        .map(r -> r.getAs("_change_type") + ":" + Path.of(r.<String>getAs("path")).getFileName())
                        .collect(Collectors.toSet()));

        // Only the classes change: predictions from the stored embeddings. chelsea.jpg's bytes are garbage
        // now, with its size and time kept: had it been read, its row would be an error.
        Path chelsea = folder.resolve("chelsea.jpg");
        byte[] original = Files.readAllBytes(chelsea);
        FileTime time = Files.getLastModifiedTime(chelsea);
        Files.write(chelsea, new byte[original.length]);
        Files.setLastModifiedTime(chelsea, time);
        Path otherClasses = Files.writeString(work.resolve("classes2.txt"), "bird\nfish\ncar\n");
        List<Float> chelseaEmbedding = embedding(table, "chelsea.jpg");
        assertCounts(score(table, folder, otherClasses, CliTest.MODEL, "--incremental"), 0, 0, 4, 0, 0, 4);
        rows = read(table);
        assertEquals(0, rows.filter("error IS NOT NULL").count());
        assertTrue(Set.of("bird", "fish", "car").containsAll(column(rows, "pred_label")), column(rows, "pred_label").toString());
        assertEquals(chelseaEmbedding, embedding(table, "chelsea.jpg"));
        Files.write(chelsea, original);
        Files.setLastModifiedTime(chelsea, time);

        // Another model: every row is scored again and says so.
        assertCounts(score(table, folder, otherClasses, SparkTestSession.TINY_HF.toString(), "--incremental"),
                0, 4, 0, 0, 0, 0);
        assertEquals(Set.of(HF_VISUAL_SHA256), column(read(table), "model_sha256"));
        assertNotEquals(chelseaEmbedding.size(), 0);
        assertEquals(HF_VISUAL_SHA256, properties(table).get("clip_batch.onnx.visual.sha256"));
    }

    @Test
    void aCommitGroupWithoutRowsIsNeitherCommittedNorCounted() throws Exception {
        // Two images in one chunk of two, a chunk per commit: one group scores no rows. Spark still stages a
        // schema-only file for partition 0, and Delta records no version for an append without data.
        for (int chunk : List.of(0, 1)) {
            Path folder = Files.createDirectories(work.resolve("one-chunk-" + chunk));
            for (int copy = 0; copy < 24; copy++) {
                Files.copy(IMAGES.resolve("chelsea.jpg"), folder.resolve("copy-" + copy + ".jpg"));
            }
            ChunkPicks.keepTwoInChunk(spark, folder, chunk);
            String table = work.resolve("one-chunk-table-" + chunk).toString();
            CliTest.Run run = CliTest.run("", "score", "--model", CliTest.MODEL, "--input", folder.toString(),
                    "--output", table, "--sink", "delta", "--chunk-size", "1", "--commit-every", "1");
            assertCounts(run, 2, 0, 0, 0, 0, 0);
            assertEquals(1, commits(run), run.err());
            assertEquals(1, versions(table), "one version: the empty group's " + (chunk == 0 ? "last" : "first"));
            assertEquals(2, read(table).count());
        }
    }

    @Test
    void duplicateKeysAreRefusedOrTheFirstKept() throws Exception {
        String image = IMAGES.resolve("chelsea.jpg").toString();
        Path manifest = work.resolve("dupes.parquet");
        spark.createDataFrame(List.of(RowFactory.create(image, "a"), RowFactory.create(
                        IMAGES.resolve("gradient.png").toString(), "b"), RowFactory.create(image, "c")),
                new StructType().add("path", DataTypes.StringType).add("tag", DataTypes.StringType))
                .coalesce(1).write().parquet(manifest.toString());
        String table = work.resolve("dupes-table").toString();
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input",
                manifest.toString(), "--output", table, "--sink", "delta"),
                "the input has 1 key in column 'path' more than once (e.g. '" + image + "', 2 times)");
        assertTrue(Files.notExists(Path.of(table)), "nothing written");

        CliTest.Run kept = CliTest.run("", "score", "--model", CliTest.MODEL, "--input", manifest.toString(),
                "--output", table, "--sink", "delta", "--dedupe-keys", "first");
        assertCounts(kept, 2, 0, 0, 0, 0, 0);
        assertEquals(Set.of("a", "b"), column(read(table), "tag"));

        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input",
                manifest.toString(), "--output", table, "--sink", "delta", "--dedupe-keys", "first"),
                "already exists; pass --incremental");

        // --mode overwrite replaces the contents in one commit; the history stays.
        long versionsBefore = versions(table);
        assertCounts(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", manifest.toString(), "--output",
                table, "--sink", "delta", "--dedupe-keys", "first", "--mode", "overwrite"), 2, 0, 0, 0, 0, 0);
        assertEquals(versionsBefore + 1, versions(table));
        assertEquals(2, read(table).count());
    }

    @Test
    void wrongCombinationsAreRefusedBeforeAnythingIsWritten() {
        String input = IMAGES.toString();
        String out = work.resolve("never").toString();
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", input,
                "--output", out, "--incremental"), "--incremental is for table sinks");
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", input,
                "--output", out, "--sink", "delta", "--mode", "overwrite-all"), "--mode overwrite-all is for Parquet");
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", input,
                "--output", out, "--sink", "delta", "--delete-missing"), "--delete-missing needs --incremental");
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", input,
                "--output", out, "--sink", "delta", "--mode", "overwrite", "--resume"), "--mode overwrite replaces");
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", input,
                "--output", out, "--sink", "lance"), "--sink must be parquet, delta or iceberg");
        assertTrue(Files.notExists(Path.of(out)));
        Path inside = IMAGES.resolve("table");
        CliTest.assertOneLineUsageError(CliTest.run("", "score", "--model", CliTest.MODEL, "--input", input,
                "--output", inside.toString(), "--sink", "delta"), "lies inside --input");
        assertTrue(Files.notExists(inside));
    }

    @Test
    void float16WithDeltaWarns() {
        Path one = work.resolve("one");
        CliTest.Run run = CliTest.run("", "score", "--model", CliTest.MODEL, "--input",
                IMAGES.resolve("chelsea.jpg").toString(), "--output", one.toString(), "--sink", "delta",
                "--embedding-dtype", "float16");
        assertTrue(run.err().contains("warning: --embedding-dtype float16"), run.err());
    }

    static CliTest.Run score(String table, Path folder, Path classes, String model, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("score", "--model", model, "--input", folder.toString(),
                "--output", table, "--sink", "delta", "--classes", classes.toString()));
        args.addAll(List.of(extra));
        CliTest.Run run = CliTest.run("", args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        return run;
    }

    static void assertCounts(CliTest.Run run, long added, long changed, long unchanged, long rescored, long deleted,
                             long relabelled) {
        Matcher m = COUNTS.matcher(run.err());
        assertTrue(m.find(), run.err());
        assertEquals(List.of(added, changed, unchanged, rescored, deleted, relabelled),
                List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                        m.group(6) == null ? 0L : Long.parseLong(m.group(6))), run.err());
        boolean nothing = added + changed + rescored + deleted + relabelled == 0;
        assertEquals(nothing, m.group(7).equals("nothing to commit"), run.err());
    }

    private static int commits(CliTest.Run run) {
        Matcher m = COUNTS.matcher(run.err());
        assertTrue(m.find(), run.err());
        return m.group(8) == null ? 0 : Integer.parseInt(m.group(8));
    }

    static Dataset<Row> read(String table) {
        return spark.read().format("delta").load(table);
    }

    /** The table's versions: its log's commit files, whatever snapshot this JVM's Delta has cached. */
    static long versions(String table) throws IOException {
        try (Stream<Path> log = Files.list(Path.of(table, "_delta_log"))) {
            return log.filter(file -> file.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
    }

    /** version and userMetadata, newest first. */
    private static List<Row> history(String table) {
        return spark.sql("DESCRIBE HISTORY delta.`" + table + "` LIMIT 1000").select("version", "userMetadata")
                .collectAsList();
    }

    private static Map<String, String> properties(String table) {
        return spark.sql("SHOW TBLPROPERTIES delta.`" + table + "`").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    }

    private static Set<String> column(Dataset<Row> rows, String name) {
        return rows.select(name).collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    private static Set<String> names(Dataset<Row> rows) {
        return column(rows, "path").stream().map(p -> Path.of(p).getFileName().toString()).collect(Collectors.toSet());
    }

    private static List<Float> embedding(String table, String name) {
        return read(table).filter(org.apache.spark.sql.functions.col("path").endsWith("/" + name))
                .select("embedding").first().getList(0);
    }

    static void assertNoError(Row row) {
        assertNull(row.getAs("error"));
    }
}
