package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.CliTest.assertOneLineUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} and {@code dedup} over a Delta table that an incremental run changed: they read the
 * table's current snapshot, so a changed image has its new embedding only, a deleted image is gone,
 * and no key comes twice, although the table's folder still holds the Parquet files of the replaced
 * and deleted rows.
 */
class DeltaEmbeddingsTest {
    private static final Path IMAGES = SparkTestSession.GOLDEN_IMAGES;
    /** The visual ONNX sha256 of CliTest.MODEL, which wrote the table. */
    private static final String MODEL_SHA256 = "fe41ff92ab41bda330dd5284cc8a5bd63f8fd300d4fe212b87d8b000ec5a2592";
    /** Every image's file name in the table after the incremental run. */
    private static final List<String> CURRENT = List.of("astronaut.png", "camera-copy.png", "chelsea.jpg",
            "coffee-palette.png", "gradient.png");

    @TempDir
    static Path work;
    private static SparkSession spark;
    private static String table;
    /** The same table, registered in the session catalog. */
    private static final String CATALOG_NAME = "lake_catalog_db.embeddings";
    private static Path queries;

    /**
     * First load: five images, camera-copy.png a copy of camera-grey.png. Then one incremental run:
     * camera-grey.png deleted, coffee-palette.png changed (the astronaut's bytes, same name), and
     * astronaut.png new (the same bytes again), so that exactly the changed image and the new one are
     * identical.
     */
    @BeforeAll
    static void aTableAfterAnIncrementalRun() throws Exception {
        spark = SparkTestSession.get();
        Path folder = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("chelsea.jpg", "gradient.png", "camera-grey.png", "coffee-palette.png")) {
            Files.copy(IMAGES.resolve(name), folder.resolve(name));
        }
        Files.copy(IMAGES.resolve("camera-grey.png"), folder.resolve("camera-copy.png"));
        Path classes = Files.writeString(work.resolve("classes.txt"), "cat\ndog\n");
        table = work.resolve("lake/embeddings").toString();
        DeltaTableTest.assertCounts(DeltaTableTest.score(table, folder, classes, CliTest.MODEL), 5, 0, 0, 0, 0, 0);

        Files.delete(folder.resolve("camera-grey.png"));
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), folder.resolve("coffee-palette.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), folder.resolve("astronaut.png"));
        DeltaTableTest.assertCounts(DeltaTableTest.score(table, folder, classes, CliTest.MODEL, "--incremental",
                "--delete-missing"), 1, 1, 3, 0, 1, 0);

        spark.sql("CREATE DATABASE lake_catalog_db LOCATION '" + work.resolve("catalog").toUri() + "'");
        spark.sql("CREATE TABLE " + CATALOG_NAME + " USING delta LOCATION '" + Path.of(table).toUri() + "'");

        queries = Files.createDirectories(work.resolve("queries"));
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), queries.resolve("query.png"));
        // The data files alone (Spark 4's Delta also keeps deletion-vector files there).
        List<String> stale = names(spark.read().option("pathGlobFilter", "*.parquet").parquet(table)
                .select("path").collectAsList());
        assertTrue(stale.contains("camera-grey.png") && stale.size() > CURRENT.size(),
                "the folder's Parquet files still hold replaced and deleted rows: " + stale);
    }

    @Test
    void searchSeesTheCurrentSnapshot() {
        Path out = work.resolve("found");
        CliTest.Run run = search(out, "--images", queries.toString(), "--top-k", "20");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("searched over 5 embeddings"), run.err());
        List<Row> hits = spark.read().parquet(out.toString()).orderBy("rank").collectAsList();
        assertEquals(CURRENT, names(hits).stream().sorted().toList(), "each key once, the deleted one gone");
        // The changed image is found by its new bytes, as the new image with the same bytes is (tie: lower key first).
        assertEquals(List.of("astronaut.png", "coffee-palette.png"), names(hits.subList(0, 2)));
        for (Row hit : hits.subList(0, 2)) {
            assertEquals(1.0f, hit.<Float>getAs("score"), 1e-5f, hit.toString());
        }
        assertTrue(hits.get(2).<Float>getAs("score") < 0.9999f, "the old coffee-palette.png embedding is gone");
        assertTrue(Arrays.asList(spark.read().parquet(out.toString()).columns()).contains("model_sha256"),
                "the table's columns are passed through");
    }

    @Test
    void dedupSeesOneRowPerKeyByPathOrCatalogName() {
        for (String embeddings : List.of(table, CATALOG_NAME)) {
            Path out = work.resolve("groups-" + embeddings.replaceAll("\\W", "_"));
            CliTest.Run run = CliTest.run("", "dedup", "--embeddings", embeddings, "--threshold", "0.9999",
                    "--output", out.toString());
            assertEquals(0, run.code(), run.err());
            Map<Long, List<String>> groups = spark.read().parquet(out.toString()).collectAsList().stream()
                    .collect(Collectors.groupingBy(r -> r.<Long>getAs("group_id"),
                            Collectors.mapping(r -> fileName(r.getAs("key")), Collectors.toList())));
            assertEquals(List.of(List.of("astronaut.png", "coffee-palette.png")),
                    groups.values().stream().map(g -> g.stream().sorted().toList()).toList(),
                    embeddings + ": one group, the changed image and its new twin; camera-copy.png's twin is deleted");
        }
    }

    @Test
    void theModelCheckReadsTheTable() {
        assertOneLineUsageError(search(work.resolve("other-model"), "--text", "a cat", "--model",
                SparkTestSession.TINY_HF.toString()), "is not the one that wrote --embeddings " + table);
        assertFalse(Files.exists(work.resolve("other-model")));
    }

    @Test
    void rowsOfTwoModelsAreRefusedUnlessChosen() {
        String mixed = work.resolve("lake/mixed").toString();
        spark.read().format("delta").load(table).write().format("delta").save(mixed);
        spark.sql("UPDATE delta.`" + mixed + "` SET model_sha256 = 'another' WHERE path LIKE '%chelsea.jpg'");
        assertOneLineUsageError(CliTest.run("", "search", "--model", CliTest.MODEL, "--embeddings", mixed,
                "--text", "a cat", "--output", work.resolve("mixed-found").toString()),
                "holds rows of more than one model (model_sha256 another, " + MODEL_SHA256 + ")");
        assertOneLineUsageError(CliTest.run("", "dedup", "--embeddings", mixed, "--threshold", "0.9",
                "--output", work.resolve("mixed-groups").toString()), "holds rows of more than one model");

        CliTest.Run chosen = CliTest.run("", "search", "--model", CliTest.MODEL, "--embeddings", mixed, "--text",
                "a cat", "--where", "model_sha256 = '" + MODEL_SHA256 + "'", "--output",
                work.resolve("chosen").toString());
        assertEquals(0, chosen.code(), chosen.err());
        assertTrue(chosen.err().contains("searched over 4 embeddings"), chosen.err());
        CliTest.Run allowed = CliTest.run("", "search", "--model", CliTest.MODEL, "--embeddings", mixed, "--text",
                "a cat", "--allow-model-mismatch", "--output", work.resolve("allowed").toString());
        assertEquals(0, allowed.code(), allowed.err());
    }

    private static CliTest.Run search(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of("search", "--embeddings", table, "--output", out.toString()));
        all.addAll(List.of(args));
        if (!all.contains("--model")) {
            all.addAll(List.of("--model", CliTest.MODEL));
        }
        return CliTest.run("", all.toArray(String[]::new));
    }

    private static List<String> names(List<Row> rows) {
        return rows.stream().map(r -> fileName(r.getAs("path"))).toList();
    }

    private static String fileName(String path) {
        return Path.of(path).getFileName().toString();
    }
}
