package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval} and {@code tables} end to end on Spark local[2] with the tiny CLIP. */
class EvalJobTest {
    static final String TINY = SparkTestSession.TINY_IMMICH.toString();
    static SparkSession spark;
    @TempDir
    static Path work;
    static Path evalOut;
    static JsonNode report;
    static String evalPrinted;

    /** One eval over every layout: the same images, so the same numbers. */
    @BeforeAll
    static void evaluateEveryLayout() throws IOException {
        spark = SparkTestSession.get();
        Path hf = EvalFixtures.writeHuggingFace(spark, work.resolve("hf"));
        Path manifest = EvalFixtures.writeManifest(spark, work.resolve("manifest"));
        evalOut = work.resolve("eval");
        Path groups = Files.writeString(work.resolve("groups.tsv"), "apple\tred\ncherry\tred\nlemon\tyellow\n");
        assertEquals(0, run("eval", "--model", TINY, "--device", "cpu", "--batch-size", "4",
                "--dataset", "wds=" + EvalFixtures.WDS, "--dataset", "folders=" + EvalFixtures.FOLDERS,
                "--dataset", "cars=" + EvalFixtures.CARS, "--dataset", "hf=" + hf,
                "--dataset", "manifest=" + manifest, "--path-column", "image_path", "--class-groups", groups.toString(),
                "--templates", EvalFixtures.TEMPLATES.toString(), "--output", evalOut.toString()));
        evalPrinted = printed;
        report = new ObjectMapper().readTree(evalOut.resolve("report.json").toFile());
    }

    @Test
    void everyLayoutGivesIdenticalMetrics() {
        assertEquals(5, report.size());
        JsonNode first = report.get(0);
        for (JsonNode row : report) {
            String where = row.get("dataset").asText();
            assertEquals(30, row.get("n").asLong(), where);
            assertEquals(1, row.get("n_errors").asLong(), where + ": the truncated JPEG is counted, not fatal");
            assertEquals(6, row.get("classes").asInt(), where);
            assertEquals(2, row.get("templates").asInt(), where);
            for (String metric : List.of("acc1", "acc5", "mean_per_class_recall")) {
                assertEquals(first.get(metric).floatValue(), row.get(metric).floatValue(), where + " " + metric);
            }
            assertTrue(row.get("images_per_s").asDouble() > 0, where);
            assertTrue(row.get("peak_executor_rss_mb").asDouble() > 50, where + ": resident memory of the executor");
            assertEquals("224", row.get("input_resolution").asText());
        }
        List<String> formats = new ArrayList<>();
        report.forEach(r -> formats.add(r.get("format").asText()));
        assertEquals(List.of("wds", "folders", "cars", "hf", "manifest"), formats);
    }

    @Test
    void predictionsCarryLabelsAndEveryImageGetsTheSamePrediction() {
        Map<String, List<String>> byDataset = new HashMap<>();
        for (JsonNode row : report) {
            List<Row> rows = spark.read().parquet(row.get("predictions").asText())
                    .selectExpr("label_index", "label", "error", "pred_index", "topk.index as ranked")
                    .orderBy("label_index", "pred_index", "error").collectAsList();
            assertEquals(31, rows.size());
            List<String> outcomes = new ArrayList<>();
            for (Row r : rows) {
                assertEquals(EvalFixtures.CLASSES.get(r.getInt(0)), r.getString(1));
                outcomes.add(r.getInt(0) + ">" + (r.isNullAt(2) ? r.get(4).toString() : r.getString(2)));
            }
            outcomes.sort(null);
            byDataset.put(row.get("dataset").asText(), outcomes);
        }
        for (List<String> outcomes : byDataset.values()) {
            assertEquals(byDataset.get("folders"), outcomes);
        }
        assertTrue(byDataset.get("wds").stream().anyMatch(o -> o.startsWith("0>decode: ")), byDataset.get("wds").toString());
    }

    @Test
    void perClassRowsMatchTheHeadline() {
        List<Row> perClass = spark.read().parquet(evalOut.resolve("per_class.parquet").toString())
                .filter("dataset = 'cars'").orderBy("class_index").collectAsList();
        assertEquals(6, perClass.size());
        long correct = 0;
        double recallSum = 0;
        for (Row row : perClass) {
            assertEquals(EvalFixtures.CLASSES.get(row.<Integer>getAs("class_index")), row.getAs("class_name"));
            assertEquals(5L, row.<Long>getAs("support"));
            correct += row.<Long>getAs("correct");
            recallSum += row.<Float>getAs("recall");
        }
        JsonNode cars = report.get(2);
        assertEquals((float) correct / 30f, cars.get("acc1").floatValue());
        assertEquals((float) (recallSum / 6), cars.get("mean_per_class_recall").floatValue(), 1e-7);
        assertEquals(5, spark.read().parquet(evalOut.resolve("report.parquet").toString()).count());
    }

    @Test
    void htmlReportIsSelfContained() throws IOException {
        String html = Files.readString(evalOut.resolve("report.html"));
        assertTrue(html.startsWith("<!doctype html>"));
        assertTrue(html.contains("<svg"), "plots are inline SVG");
        assertTrue(html.contains("Per-class recall, sorted") && html.contains("Worst confusions"));
        assertTrue(html.contains("1 failed to decode, excluded"));
        assertFalse(html.contains("<script"), "no scripts");
        Matcher external = Pattern.compile("(src|href)\\s*=|url\\(|@import|https?://(?!www\\.w3\\.org/2000/svg)")
                .matcher(html);
        assertFalse(external.find(), () -> "nothing fetched: " + external.group());
        String md = Files.readString(evalOut.resolve("report.md"));
        assertTrue(md.contains("| tiny-clip-immich | cars | 30 | 1 | 6 | 2 |"), md);
    }

    @Test
    void evalPrintsWhereItsReportsAre() {
        assertTrue(evalPrinted.contains("predictions (embeddings, zero-shot labels): " + evalOut.resolve("predictions")
                + "\nreport: " + evalOut.resolve("report.html") + " and " + evalOut.resolve("report.md")), evalPrinted);
    }

    /** --class-groups: top-1 over the images of each group's classes, printed and in both reports. */
    @Test
    void classGroupsGetTheirTopOne() throws IOException {
        Row red = spark.read().parquet(evalOut.resolve("per_class.parquet").toString())
                .filter("dataset = 'cars' and class_name in ('apple', 'cherry')")
                .selectExpr("sum(correct)", "sum(support)").first();
        String line = String.format(java.util.Locale.ROOT, "acc1 on red: %.2f%% (%d/%d)",
                100.0 * ((float) red.getLong(0) / red.getLong(1)), red.getLong(0), red.getLong(1));
        assertEquals(10, red.getLong(1));
        assertTrue(evalPrinted.contains("tiny-clip-immich on cars: " + line + "\n"), evalPrinted);
        String md = Files.readString(evalOut.resolve("report.md"));
        String cars = md.substring(md.indexOf("## tiny-clip-immich on cars"));
        assertTrue(cars.contains("- " + line + "\n- acc1 on yellow: "), cars);
        String html = Files.readString(evalOut.resolve("report.html"));
        assertTrue(html.contains("<h3>Top-1 by class group</h3>") && html.contains("<td>yellow</td>"));
    }

    /** tables: two models and two ensembles; one ensemble member preprocesses differently. */
    @Test
    void tablesWithEnsemblesAndPublishedNumbers() throws IOException {
        Path shifted = shiftedBundle(work.resolve("tiny-shifted"));
        Path out = work.resolve("tables");
        assertEquals(0, run("tables", "--device", "cpu", "--batch-size", "8",
                "--models", "tiny=" + TINY + ",shifted=" + shifted,
                "--ensemble", "twice=" + TINY + ":1," + TINY + ":2",
                "--ensemble", "mix=" + TINY + ":1," + shifted + ":3",
                "--datasets", "folders=" + EvalFixtures.FOLDERS + ",cars=" + EvalFixtures.CARS,
                "--reference-name", "tiny=ViT-B/32", "--output", out.toString()));
        JsonNode cells = new ObjectMapper().readTree(out.resolve("tables.json").toFile());
        assertEquals(8, cells.size());
        JsonNode tinyCars = find(cells, "tiny", "cars");
        assertEquals("ViT-B/32", tinyCars.get("reference_model").asText());
        assertEquals(59.4, tinyCars.get("paper_acc1").asDouble());
        assertEquals(59.41, tinyCars.get("clip_benchmark_acc1").asDouble());
        assertEquals(Math.round((tinyCars.get("acc1_percent").asDouble() - 59.41) * 100) / 100.0,
                tinyCars.get("delta_acc1").asDouble(), 0.011);
        assertTrue(find(cells, "tiny", "folders").get("paper_acc1").isNull(), "no published figure for 'folders'");
        assertTrue(find(cells, "shifted", "cars").get("reference_model").isNull(), "unknown model: empty reference");
        String text = Files.readString(out.resolve("tables.txt"));
        assertTrue(text.contains("59.40  59.41"), text);
        assertTrue(printed.startsWith(text), "tables prints the matrix, then where it wrote:\n" + printed);
        assertTrue(printed.contains("report: " + out.resolve("report.html") + " and " + out.resolve("report.md")),
                printed);
        assertTrue(printed.endsWith("tables: " + out.resolve("tables.md") + ", " + out.resolve("tables.txt") + " and "
                + out.resolve("tables.json") + "\n"), printed);
        assertTrue(Files.readString(out.resolve("report.html")).contains("Reproduction matrix"));

        Path predictions = out.resolve("predictions");
        List<Row> single = sorted(predictions.resolve("model=tiny/dataset=cars"), "embedding");
        List<Row> twice = sorted(predictions.resolve("model=twice/dataset=cars"), "member_embeddings");
        List<Row> shiftedRows = sorted(predictions.resolve("model=shifted/dataset=cars"), "embedding");
        List<Row> mix = sorted(predictions.resolve("model=mix/dataset=cars"), "member_embeddings");
        for (int i = 0; i < single.size(); i++) {
            Row one = single.get(i);
            if (!one.isNullAt(2)) {
                assertNull(twice.get(i).get(3), "errors are errors in ensembles too");
                assertEquals(one.getString(2), twice.get(i).getString(2));
                continue;
            }
            assertEquals(one.getInt(4), twice.get(i).getInt(4), "a model mixed with itself predicts as itself");
            List<Row> members = twice.get(i).getList(3);
            assertEquals(2, members.size());
            assertClose(one.getList(3), members.get(0).getList(1));
            List<Row> mixed = mix.get(i).getList(3);
            assertEquals(List.of("tiny-clip-immich", "tiny-shifted"), List.of(mixed.get(0).getString(0), mixed.get(1).getString(0)));
            assertClose(one.getList(3), mixed.get(0).getList(1));
            assertClose(shiftedRows.get(i).getList(3), mixed.get(1).getList(1));
        }
    }

    static String printed;

    /** Runs the command line with its stdout captured in {@link #printed}, to keep the build's output quiet. */
    private static int run(String... args) {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return ClipBatch.execute(args);
        } finally {
            System.setOut(stdout);
            printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** (path, label_index, error, embedding-or-members, pred_index) sorted by path. */
    private static List<Row> sorted(Path dir, String embeddingColumn) {
        return spark.read().parquet(dir.toString())
                .selectExpr("path", "label_index", "error", embeddingColumn, "pred_index")
                .orderBy("path").collectAsList();
    }

    private static void assertClose(List<Float> want, List<Float> got) {
        assertNotNull(got);
        assertEquals(want.size(), got.size());
        for (int d = 0; d < want.size(); d++) {
            assertEquals(want.get(d), got.get(d), 1e-6f);
        }
    }

    private static JsonNode find(JsonNode cells, String model, String dataset) {
        for (JsonNode cell : cells) {
            if (cell.get("model").asText().equals(model) && cell.get("dataset").asText().equals(dataset)) {
                return cell;
            }
        }
        throw new AssertionError("no cell " + model + " x " + dataset);
    }

    /** The tiny CLIP with another normalisation: a member whose tensor differs from the other's. */
    private static Path shiftedBundle(Path dir) throws IOException {
        Path source = SparkTestSession.TINY_IMMICH;
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path config = dir.resolve("visual/preprocess_cfg.json");
        String json = Files.readString(config).replaceAll("\"mean\": \\[[^\\]]*\\]", "\"mean\": [0.5, 0.5, 0.5]");
        assertTrue(json.contains("[0.5, 0.5, 0.5]"), json);
        Files.writeString(config, json);
        return dir;
    }
}
