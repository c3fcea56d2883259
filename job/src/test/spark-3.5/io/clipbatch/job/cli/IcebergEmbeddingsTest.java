package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} and {@code dedup} over an Iceberg table named {@code catalog.db.table}, after an
 * incremental run that changed, deleted and added an image: merge-on-read leaves the replaced and
 * deleted rows in data files that delete files mask, and only the catalog's current snapshot is read.
 */
class IcebergEmbeddingsTest {
    private static final Path IMAGES = SparkTestSession.GOLDEN_IMAGES;
    private static final String TABLE = "readlake.clip.embeddings";

    @TempDir
    static Path work;

    @Test
    void searchAndDedupSeeTheCurrentSnapshot() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path folder = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("chelsea.jpg", "camera-grey.png", "coffee-palette.png")) {
            Files.copy(IMAGES.resolve(name), folder.resolve(name));
        }
        Files.copy(IMAGES.resolve("camera-grey.png"), folder.resolve("camera-copy.png"));
        assertOk(run("score", "--sink", "iceberg", "--input", folder.toString(), "--output", TABLE));
        Files.delete(folder.resolve("camera-grey.png"));
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), folder.resolve("coffee-palette.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), folder.resolve("astronaut.png"));
        CliTest.Run incremental = run("score", "--sink", "iceberg", "--input", folder.toString(), "--output", TABLE,
                "--incremental", "--delete-missing");
        assertOk(incremental);
        assertTrue(incremental.err().contains("1 new, 1 changed, 2 unchanged, 0 errors rescored, 1 deleted"),
                incremental.err());

        Path queries = Files.createDirectories(work.resolve("queries"));
        Files.copy(IMAGES.resolve("astronaut-rgba.png"), queries.resolve("query.png"));
        Path found = work.resolve("found");
        CliTest.Run search = run("search", "--embeddings", TABLE, "--images", queries.toString(), "--top-k", "10",
                "--output", found.toString());
        assertOk(search);
        List<Row> hits = spark.read().parquet(found.toString()).orderBy("rank").collectAsList();
        List<String> names = hits.stream().map(hit -> name(hit, "path")).toList();
        // Each key once, the deleted one gone, the changed one found by its new bytes (tie: lower key first).
        assertEquals(List.of("astronaut.png", "coffee-palette.png"), names.subList(0, 2));
        assertEquals(List.of("camera-copy.png", "chelsea.jpg"), names.subList(2, names.size()).stream().sorted().toList());
        assertEquals(1.0f, hits.get(1).<Float>getAs("score"), 1e-5f);

        Path groups = work.resolve("groups");
        assertOk(run("dedup", "--embeddings", TABLE, "--threshold", "0.9999", "--output", groups.toString()));
        Map<Long, List<String>> byGroup = spark.read().parquet(groups.toString()).collectAsList().stream()
                .collect(Collectors.groupingBy(r -> r.<Long>getAs("group_id"),
                        Collectors.mapping(r -> name(r, "key"), Collectors.toList())));
        assertEquals(List.of(List.of("astronaut.png", "coffee-palette.png")),
                byGroup.values().stream().map(g -> g.stream().sorted().toList()).toList());
    }

    @Test
    void aNameWithoutItsCatalogIsOneSentence() {
        CliTest.assertOneLineUsageError(CliTest.run("", "search", "--model", CliTest.MODEL, "--embeddings",
                "nocatalog.db.table", "--text", "a cat", "--output", work.resolve("never").toString()),
                "--embeddings nocatalog.db.table is neither a path nor a table of a configured catalog");
    }

    private static CliTest.Run run(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        if (!command.equals("dedup")) {
            all.addAll(List.of("--model", CliTest.MODEL));
        }
        all.addAll(List.of(args));
        all.addAll(List.of("--conf", "spark.sql.catalog.readlake=org.apache.iceberg.spark.SparkCatalog",
                "--conf", "spark.sql.catalog.readlake.type=hadoop",
                "--conf", "spark.sql.catalog.readlake.warehouse=" + work.resolve("warehouse").toUri()));
        return CliTest.run("", all.toArray(String[]::new));
    }

    private static void assertOk(CliTest.Run run) {
        assertEquals(0, run.code(), run.err());
    }

    private static String name(Row row, String column) {
        String path = row.getAs(column);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
