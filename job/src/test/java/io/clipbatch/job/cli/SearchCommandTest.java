package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.CliTest.assertOneLineUsageError;
import static io.clipbatch.job.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.Vectors;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.demo.DemoData;
import io.clipbatch.job.demo.ShapeClasses;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code clip-batch search} on the demo's shapes scored with the bundled clip-tiny-shapes: text queries
 * for every class name find that class (R-precision, seen and held-out classes apart), image queries find
 * the image itself, float16 embeddings search as float32 do, and each mistake is one sentence.
 */
class SearchCommandTest {
    static final Path SHAPES = Path.of("..", "models", "clip-tiny-shapes").toAbsolutePath().normalize();
    static final String MODEL = SHAPES.toString();
    /** R-precision measured on these 200 scenes: 1.000 for seen classes; the floor leaves margin. */
    static final double SEEN_FLOOR = 0.9;

    @TempDir
    static Path work;
    static Path demo;
    static Path embeddings;
    static Path classNames;
    /** Every class name's prompt searched in the float32 embeddings, top 20. */
    static Path byText;

    @BeforeAll
    static void scoreTheShapes() throws Exception {
        SparkTestSession.get();
        demo = work.resolve("demo");
        DemoData.write(demo, 200, 14);
        embeddings = work.resolve("embeddings");
        CliTest.Run scored = run("", "score", "--model", MODEL, "--input", demo.resolve("manifest.parquet").toString(),
                "--output", embeddings.toString());
        assertEquals(0, scored.code(), scored.err());
        classNames = Files.write(work.resolve("queries.txt"),
                ShapeClasses.names().stream().map(SearchCommandTest::prompt).toList());
        byText = search("by-text", "--embeddings", embeddings.toString(), "--texts", classNames.toString(),
                "--top-k", "20");
    }

    private static String prompt(String className) {
        return "a photo of a " + className + ".";
    }

    private static Path search(String name, String... args) {
        Path out = work.resolve(name);
        List<String> all = new ArrayList<>(List.of("search", "--model", MODEL, "--output", out.toString()));
        all.addAll(Arrays.asList(args));
        CliTest.Run run = run("", all.toArray(new String[0]));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("with dev.ludovic.netlib.blas."), "the BLAS is named: " + run.err());
        return out;
    }

    /** Per class label: the fraction of its R images among its query's first R hits, R its image count. */
    private static Map<String, Double> rPrecision(Path results) {
        SparkSession spark = SparkTestSession.get();
        Map<String, Long> counts = spark.read().parquet(embeddings.toString()).where("error IS NULL")
                .groupBy("label_name").count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        Map<String, List<String>> ranked = new HashMap<>();
        for (Row row : spark.read().parquet(results.toString()).orderBy("query", "rank")
                .select("query", "label_name").collectAsList()) {
            ranked.computeIfAbsent(row.getString(0), q -> new ArrayList<>()).add(row.getString(1));
        }
        Map<String, Double> out = new HashMap<>();
        counts.forEach((label, r) -> {
            List<String> hits = ranked.get(prompt(label));
            long relevant = hits.subList(0, r.intValue()).stream().filter(label::equals).count();
            out.put(label, (double) relevant / r);
        });
        return out;
    }

    private static double mean(Map<String, Double> byClass, boolean heldOut) {
        return byClass.entrySet().stream()
                .filter(e -> ShapeClasses.isHeldOut(ShapeClasses.names().indexOf(e.getKey())) == heldOut)
                .mapToDouble(Map.Entry::getValue).average().orElseThrow();
    }

    @Test
    void textQueriesFindTheirClass() {
        Path results = byText;
        Dataset<Row> rows = SparkTestSession.get().read().parquet(results.toString());
        assertEquals(List.of("query", "rank", "score", "path", "label", "label_name", "format", "held_out", "captions"),
                Arrays.asList(rows.columns()));
        assertEquals(60 * 20, rows.count());
        assertEquals(0, rows.where("path LIKE '%broken%'").count(), "error rows are not searched");
        Map<String, Double> byClass = rPrecision(results);
        double seen = mean(byClass, false);
        double heldOut = mean(byClass, true);
        System.out.printf(Locale.ROOT, "search R-precision on 200 shapes: seen classes %.3f, held-out classes %.3f%n",
                seen, heldOut);
        assertTrue(seen >= SEEN_FLOOR, "seen classes' R-precision " + seen);
    }

    @Test
    void float16EmbeddingsSearchAsFloat32Do() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> stored = spark.read().parquet(embeddings.toString()).where("error IS NULL");
        List<Row> halves = new ArrayList<>();
        for (Row row : stored.select("path", "label_name", "embedding").collectAsList()) {
            halves.add(RowFactory.create(row.getString(0), row.getString(1),
                    Vectors.toFloat16Bytes(UnitVectors.of(row.get(2)))));
        }
        StructType schema = new StructType().add("path", DataTypes.StringType).add("label_name", DataTypes.StringType)
                .add("embedding", DataTypes.BinaryType);
        Path float16 = work.resolve("float16");
        new OutputTarget(float16.toString(), OutputTarget.Mode.ERROR)
                .write(spark.createDataFrame(halves, schema), Provenance.of(Bundle.load(SHAPES)));
        Path half = search("by-text-f16", "--embeddings", float16.toString(), "--texts", classNames.toString(),
                "--top-k", "20");
        Path full = byText;
        Dataset<Row> a = spark.read().parquet(half.toString()).select("query", "path", "score");
        Dataset<Row> b = spark.read().parquet(full.toString()).select(functions.col("query"), functions.col("path"), functions.col("score").as("s32"));
        List<Row> joined = a.join(b, new String[] {"query", "path"}).collectAsList();
        assertTrue(joined.size() >= 0.9 * 60 * 20, "the same hits, near ties aside: " + joined.size());
        for (Row row : joined) {
            assertEquals(row.getFloat(3), row.getFloat(2), 2e-3, row.toString());
        }
        assertEquals(mean(rPrecision(full), false), mean(rPrecision(half), false), 0.02);
    }

    @Test
    void anImageQueryFindsItselfFirst() throws Exception {
        Path queries = Files.createDirectories(work.resolve("query-images"));
        Path image = demo.resolve("images/000007.jpg");
        if (!Files.exists(image)) {
            image = demo.resolve("images/000007.png");
        }
        Files.copy(image, queries.resolve(image.getFileName()));
        Path page = work.resolve("by-image.html");
        Path results = search("by-image", "--embeddings", embeddings.toString(), "--images", queries.toString(),
                "--top-k", "3", "--where", "format = 'jpeg' OR format = 'png'", "--html", page.toString());
        Row first = SparkTestSession.get().read().parquet(results.toString()).where("rank = 1").first();
        assertEquals(image.toString(), first.getAs("path"));
        assertEquals(1.0f, first.<Float>getAs("score"), 1e-5f);
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(page.toFile());
        assertEquals(3, html.getElementsByTagName("img").getLength(), "one thumbnail per hit");
    }

    @Test
    void anotherModelIsRefusedUnlessAllowed() {
        CliTest.Run run = run("", "search", "--model", SparkTestSession.TINY_IMMICH.toString(), "--embeddings",
                embeddings.toString(), "--text", "a red circle", "--output", work.resolve("mismatch").toString());
        assertOneLineUsageError(run, "is not the one that wrote --embeddings");
        assertFalse(Files.exists(work.resolve("mismatch")));
    }

    @Test
    void mistakesAreOneSentence() throws Exception {
        String out = work.resolve("never").toString();
        assertOneLineUsageError(run("", "search", "--model", MODEL, "--embeddings", embeddings.toString(),
                "--text", "x", "--top-k", "0", "--output", out), "--top-k must be at least 1, got 0");
        assertOneLineUsageError(run("", "search", "--model", MODEL, "--embeddings",
                demo.resolve("manifest.parquet").toString(), "--text", "x", "--output", out), "has no 'embedding' column");
        assertOneLineUsageError(run("", "search", "--model", MODEL, "--embeddings", embeddings.toString(),
                "--text", "x", "--where", "no_such_column = 1", "--output", out), "--where no_such_column = 1: ");
        assertOneLineUsageError(run("", "search", "--model", MODEL, "--embeddings", embeddings.toString(),
                "--text", "x", "--key-column", "nope", "--output", out), "has no key column 'nope'");
        assertOneLineUsageError(run("", "search", "--model", MODEL, "--embeddings", embeddings.toString(),
                "--text", "x", "--output", embeddings.resolve("inside").toString()), "lies inside");
        assertOneLineUsageError(run("", "search", "--model", MODEL, "--embeddings", mixedWidths().toString(),
                "--text", "x", "--output", out), "the embeddings have mixed widths");
        assertFalse(Files.exists(Path.of(out)));
    }

    /** Embeddings of the right model, one of them a value longer than the rest. */
    private static Path mixedWidths() {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            float[] v = new float[i == 40 ? 65 : 64];
            v[i % 64] = 1f;
            rows.add(RowFactory.create("img-" + i, v));
        }
        StructType schema = new StructType().add("path", DataTypes.StringType)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType));
        Path out = work.resolve("mixed");
        new OutputTarget(out.toString(), OutputTarget.Mode.ERROR)
                .write(spark.createDataFrame(rows, schema).coalesce(1), Provenance.of(Bundle.load(SHAPES)));
        return out;
    }
}
