package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.job.datasets.CaptionedImages;
import io.clipbatch.job.demo.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@code eval --task retrieval} end to end with the bundled clip-tiny-shapes on 100 demo scenes with
 * three captions each, as shards and as a manifest, against the recall a PyTorch script
 * (tools/eval/make_retrieval_reference.py) computes from the same embeddings as clip_benchmark does.
 * Run with {@code -Dclipbatch.retrieval.writeFixture=true} to rewrite those embeddings from this run.
 */
class RetrievalEvalTest {
    static final Path REFERENCE = Path.of("src/test/resources/eval/retrieval-reference").toAbsolutePath();
    static final Path BUNDLE = Path.of("..", "models", "clip-tiny-shapes").toAbsolutePath().normalize();
    static final int N = 100;
    static final long SEED = 2024;

    static SparkSession spark;
    @TempDir
    static Path work;
    static Path output;
    static JsonNode report;
    static JsonNode expected;
    static String printed;

    @BeforeAll
    static void evaluate() throws IOException {
        spark = SparkTestSession.get();
        Path demo = work.resolve("demo");
        DemoData.write(demo, N, SEED);
        output = work.resolve("eval");
        assertEquals(0, run("eval", "--task", "retrieval", "--model", BUNDLE.toString(), "--device", "cpu",
                "--dataset", "shapes_wds=" + demo.resolve("wds"),
                "--dataset", "shapes_manifest=" + demo.resolve("manifest.parquet"), "--output", output.toString()));
        report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
        if (Boolean.getBoolean("clipbatch.retrieval.writeFixture")) {
            exportEmbeddings(REFERENCE.resolve("shapes"));
        }
        expected = new ObjectMapper().readTree(REFERENCE.resolve("expected.json").toFile());
    }

    @Test
    void shardsAndManifestGiveTheReferenceRecall() {
        assertEquals(2, report.size());
        for (JsonNode row : report) {
            assertEquals("retrieval", row.get("task").asText());
            assertEquals(N, row.get("n").asLong());
            assertEquals(3 * N, row.get("captions").asLong());
            assertEqualsReference(expected.get("shapes"), row);
        }
        assertEquals(0, report.get(0).get("n_errors").asLong());
        assertEquals(3, report.get(1).get("n_errors").asLong(), "the manifest's three broken files");
    }

    @Test
    void recallIsFarAboveChance() {
        for (JsonNode row : report) {
            // Chance is k/100 for a caption finding its image, about 3k/300 for an image finding a caption.
            assertTrue(row.get("image_retrieval_recall@1").asDouble() > 0.2, row.toString());
            assertTrue(row.get("image_retrieval_recall@10").asDouble() > 0.8, row.toString());
            assertTrue(row.get("text_retrieval_recall@1").asDouble() > 0.5, row.toString());
            assertTrue(row.get("text_retrieval_recall@10").asDouble() > 0.9, row.toString());
        }
    }

    @Test
    void embeddingsAreTheOnesTheReferenceUsed() throws IOException {
        Fixture written = Fixture.of(images("shapes_wds"), captions("shapes_wds"));
        Fixture committed = Fixture.read(REFERENCE.resolve("shapes"));
        assertEquals(committed.captionImage().length, written.captionImage().length);
        for (int t = 0; t < committed.captionImage().length; t++) {
            assertEquals(committed.captionImage()[t], written.captionImage()[t]);
        }
        assertClose(committed.images(), written.images());
        assertClose(committed.captions(), written.captions());
    }

    /** The metrics alone, on the committed embeddings: whatever the block size, exactly the reference. */
    @Test
    void committedEmbeddingsGiveTheReferenceRecallInAnyBlocking() throws IOException {
        Fixture fixture = Fixture.read(REFERENCE.resolve("shapes"));
        for (int block : new int[] {RetrievalMetrics.CAPTIONS_PER_BLOCK, 41}) {
            RetrievalRecall recall = RetrievalMetrics.compute(fixture.imageRows(spark), fixture.captionRows(spark), block);
            assertEqualsReference(expected.get("shapes"), recall);
        }
    }

    /** Exact ties everywhere (repeated embeddings), and an image without captions: the lower index wins. */
    @Test
    void tiesGoToTheLowerIndex() throws IOException {
        Fixture fixture = Fixture.read(REFERENCE.resolve("ties"));
        RetrievalRecall recall = RetrievalMetrics.compute(fixture.imageRows(spark), fixture.captionRows(spark), 5);
        assertEqualsReference(expected.get("ties"), recall);
    }

    @Test
    void reportsCarryTheRetrievalColumns() throws IOException {
        assertTrue(printed.contains("image retrieval") && printed.contains("shapes_manifest"), printed);
        String md = Files.readString(output.resolve("report.md"));
        assertTrue(md.startsWith("# Zero-shot retrieval") && md.contains("| text R@10 |"), md);
        String html = Files.readString(output.resolve("report.html"));
        assertTrue(html.contains("<h2>Zero-shot retrieval</h2>"), html);
        List<Row> rows = spark.read().parquet(output.resolve("report.parquet").toString())
                .select("task", "captions", "text_retrieval_recall@5").collectAsList();
        assertEquals(2, rows.size());
        assertEquals("retrieval", rows.get(0).getString(0));
        assertEquals(3L * N, rows.get(0).getLong(1));
    }

    @Test
    void wrongInputsAreUserErrorsBeforeAnythingIsWritten() {
        Path nowhere = work.resolve("refused");
        String wds = "w=" + work.resolve("demo/wds");
        assertEquals(2, run("eval", "--task", "retrieve", "--model", BUNDLE.toString(), "--dataset", wds,
                "--output", nowhere.toString()));
        assertEquals(2, run("eval", "--task", "retrieval", "--model", BUNDLE.toString(),
                "--dataset", "f=" + EvalFixtures.FOLDERS, "--output", nowhere.toString()));
        assertEquals(2, run("eval", "--task", "retrieval", "--ensemble", "e=" + BUNDLE + ":1," + BUNDLE + ":2",
                "--dataset", wds, "--output", nowhere.toString()));
        assertEquals(2, run("eval", "--task", "retrieval", "--model", BUNDLE.toString(), "--captions-column", "texts",
                "--dataset", "m=" + work.resolve("demo/manifest.parquet"), "--output", nowhere.toString()));
        assertTrue(!Files.exists(nowhere));
    }

    @Test
    void publishedFiguresAreThePapers() {
        PublishedNumbers published = PublishedNumbers.load();
        PublishedNumbers.RetrievalReference coco = published.findRetrieval(
                published.modelFor("ViT-L-14-336__openai"), "wds_mscoco_captions");
        assertEquals(37.8, coco.paper().get("image_retrieval_recall@1"));
        assertEquals(88.1, coco.paper().get("text_retrieval_recall@10"));
        assertEquals(null, coco.clipBenchmark());
        assertEquals(68.7, published.findRetrieval("ViT-L/14@336", "flickr30k").paper().get("image_retrieval_recall@1"));
        assertEquals(null, published.findRetrieval(published.modelFor("ViT-B-32__openai"), "flickr30k"));
    }

    private static void assertEqualsReference(JsonNode want, JsonNode row) {
        for (String name : RetrievalRecall.names()) {
            assertEquals(Float.parseFloat(want.get(name).asText()), (float) row.get(name).asDouble(), name);
        }
    }

    private static void assertEqualsReference(JsonNode want, RetrievalRecall recall) {
        assertEquals(want.get("images").asLong(), recall.images());
        assertEquals(want.get("captions").asLong(), recall.captions());
        recall.byName().forEach((name, value) ->
                assertEquals(Float.parseFloat(want.get(name).asText()), value, name));
    }

    private static void assertClose(float[][] want, float[][] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want[i].length; j++) {
                assertEquals(want[i][j], got[i][j], 1e-5, "row " + i + " column " + j);
            }
        }
    }

    private static Dataset<Row> images(String dataset) {
        return spark.read().parquet(output.resolve("predictions/model=clip-tiny-shapes/dataset=" + dataset).toString())
                .filter("error IS NULL").select(CaptionedImages.IMAGE_INDEX, "embedding").orderBy(CaptionedImages.IMAGE_INDEX);
    }

    private static Dataset<Row> captions(String dataset) {
        return spark.read().parquet(output.resolve("captions/model=clip-tiny-shapes/dataset=" + dataset).toString())
                .select(CaptionedImages.IMAGE_INDEX, RetrievalEval.CAPTION_INDEX, "embedding")
                .orderBy(CaptionedImages.IMAGE_INDEX, RetrievalEval.CAPTION_INDEX);
    }

    private static void exportEmbeddings(Path dir) throws IOException {
        Files.createDirectories(dir);
        Fixture fixture = Fixture.of(images("shapes_wds"), captions("shapes_wds"));
        Npy.writeFloats(dir.resolve("images.npy"), fixture.images());
        Npy.writeFloats(dir.resolve("captions.npy"), fixture.captions());
        Npy.writeLongs(dir.resolve("caption_image.npy"), fixture.captionImage());
    }

    private static int run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return ClipBatch.execute(args);
        } finally {
            System.setOut(stdout);
            printed = captured.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Embeddings as the reference script reads them: images in dataset order, captions in dataset
     * order, and for each caption the row of its image.
     */
    record Fixture(float[][] images, float[][] captions, long[] captionImage) {
        static final StructType IMAGES = new StructType()
                .add(CaptionedImages.IMAGE_INDEX, DataTypes.LongType, false)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        static final StructType CAPTIONS = new StructType()
                .add(CaptionedImages.IMAGE_INDEX, DataTypes.LongType, false)
                .add(RetrievalEval.CAPTION_INDEX, DataTypes.IntegerType, false)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);

        static Fixture read(Path dir) throws IOException {
            return new Fixture(Npy.readFloats(dir.resolve("images.npy")), Npy.readFloats(dir.resolve("captions.npy")),
                    Npy.readLongs(dir.resolve("caption_image.npy")));
        }

        /** From ordered (image_index, embedding) and (image_index, caption_index, embedding) rows. */
        static Fixture of(Dataset<Row> images, Dataset<Row> captions) {
            List<Row> imageRows = images.collectAsList();
            List<Long> order = imageRows.stream().map(r -> r.getLong(0)).toList();
            List<Row> captionRows = captions.collectAsList();
            long[] captionImage = captionRows.stream().mapToLong(r -> order.indexOf(r.getLong(0))).toArray();
            return new Fixture(imageRows.stream().map(r -> floats(r.getList(1))).toArray(float[][]::new),
                    captionRows.stream().map(r -> floats(r.getList(2))).toArray(float[][]::new), captionImage);
        }

        /** The images with their row as index, spread over three partitions. */
        Dataset<Row> imageRows(SparkSession spark) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < images.length; i++) {
                rows.add(RowFactory.create((long) i, boxed(images[i])));
            }
            return spark.createDataFrame(rows, IMAGES).repartition(3);
        }

        /** The captions, each numbered within its image in order. */
        Dataset<Row> captionRows(SparkSession spark) {
            List<Row> rows = new ArrayList<>();
            for (int t = 0; t < captions.length; t++) {
                int position = t > 0 && captionImage[t - 1] == captionImage[t]
                        ? rows.get(t - 1).getInt(1) + 1 : 0;
                rows.add(RowFactory.create(captionImage[t], position, boxed(captions[t])));
            }
            return spark.createDataFrame(rows, CAPTIONS).repartition(2);
        }

        private static float[] floats(List<Float> values) {
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }

        private static List<Float> boxed(float[] values) {
            List<Float> out = new ArrayList<>(values.length);
            for (float v : values) {
                out.add(v);
            }
            return out;
        }
    }
}
