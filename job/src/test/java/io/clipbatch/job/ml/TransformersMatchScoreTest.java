package io.clipbatch.job.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.udfs.ml.ClipImageEmbedder;
import io.clipbatch.udfs.ml.ClipZeroShotClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ML transformers against {@code clip-batch score} on the same images: the same embeddings bit
 * for bit, the same zero-shot columns and errors, in a Pipeline next to Spark's own stages, before
 * and after save and load.
 */
class TransformersMatchScoreTest {
    static final List<String> CLASSES = List.of("cat", "dog", "red square", "blue circle");
    static final List<String> TEMPLATES = List.of("a photo of a {}.", "a drawing of a {}.");

    static SparkSession spark;
    @TempDir
    static Path work;
    static Path images;
    /** The command's output rows by path. */
    static Map<String, Row> scored;
    static Dataset<Row> paths;

    @BeforeAll
    static void scoreWithTheCommand() throws IOException {
        spark = SparkTestSession.get();
        images = Files.createDirectories(work.resolve("images"));
        try (Stream<Path> golden = Files.list(SparkTestSession.GOLDEN_IMAGES)) {
            for (Path source : golden.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).toList()) {
                Files.copy(source, images.resolve(source.getFileName()));
            }
        }
        Files.write(images.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        Path classes = Files.write(work.resolve("classes.txt"), CLASSES);
        Path templates = Files.write(work.resolve("templates.txt"), TEMPLATES);
        Path out = work.resolve("score-out");
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", images.toString(), "--output", out.toString(), "--classes", classes.toString(),
                "--templates", templates.toString(), "--top-k", "3", "--batch-size", "3", "--device", "cpu"));
        Dataset<Row> output = spark.read().parquet(out.toString());
        scored = new HashMap<>();
        output.collectAsList().forEach(row -> scored.put(row.getAs("path"), row));
        paths = output.select(functions.col("path"), functions.lit("kept").as("note")).repartition(2);
    }

    static ClipImageEmbedder embedder() {
        return new ClipImageEmbedder().setModelPath(SparkTestSession.TINY_IMMICH.toString()).setDevice("cpu")
                .setBatchSize(3);
    }

    static ClipZeroShotClassifier classifier() {
        return new ClipZeroShotClassifier().setModelPath(SparkTestSession.TINY_IMMICH.toString()).setDevice("cpu")
                .setBatchSize(3).setClasses(CLASSES).setTemplates(TEMPLATES).setTopK(3);
    }

    @Test
    void aPipelineMatchesScoreAndRoundTripsThroughSaveAndLoad(@TempDir Path saved) throws IOException {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            embedder().setOutputCol("image_embedding").setErrorCol("image_error"),
            classifier().setPredictionCol("label"),
            new SQLTransformer().setStatement("SELECT *, size(image_embedding) AS dim FROM __THIS__")});
        PipelineModel model = pipeline.fit(paths);
        model.write().overwrite().save(saved.toString());
        PipelineModel loaded = PipelineModel.load(saved.toString());

        Dataset<Row> transformed = model.transform(paths);
        assertEquals(List.of("path", "note", "image_embedding", "image_error", "embedding", "error", "label", "topk",
                "dim"), List.of(transformed.columns()));
        List<Row> rows = transformed.orderBy("path").collectAsList();
        assertEquals(rows, loaded.transform(paths).orderBy("path").collectAsList());
        assertEquals(scored.size(), rows.size(), "every row once");
        for (Row row : rows) {
            Row expected = scored.get(row.<String>getAs("path"));
            assertEquals("kept", row.getAs("note"));
            assertEquals(expected.<String>getAs("error"), row.getAs("image_error"));
            assertEquals(expected.<String>getAs("error"), row.getAs("error"));
            assertEquals(expected.<String>getAs("pred_label"), row.getAs("label"));
            assertEquals(expected.getList(expected.fieldIndex("topk")), row.getList(row.fieldIndex("topk")));
            if (expected.getAs("embedding") == null) {
                assertNull(row.getAs("image_embedding"));
                assertNull(row.getAs("embedding"));
            } else {
                float[] embedding = floats(expected, "embedding");
                assertArrayEquals(embedding, floats(row, "image_embedding"), "bit for bit: " + row.getAs("path"));
                assertArrayEquals(embedding, floats(row, "embedding"), "bit for bit: " + row.getAs("path"));
            }
        }
    }

    @Test
    void imageBytesInABinaryColumnGiveTheSameRows() {
        Dataset<Row> files = spark.read().format("binaryFile").load(images.toString());
        List<Row> rows = classifier().setInputCol("content").transform(files).collectAsList();
        assertEquals(scored.size(), rows.size());
        for (Row row : rows) {
            String name = Path.of(row.<String>getAs("path")).getFileName().toString();
            Row expected = scored.values().stream().filter(r -> r.<String>getAs("path").endsWith("/" + name))
                    .findFirst().orElseThrow();
            assertEquals(expected.<String>getAs("error"), row.getAs("error"), name);
            assertEquals(expected.<String>getAs("pred_label"), row.getAs("pred_label"), name);
            if (expected.getAs("embedding") != null) {
                assertArrayEquals(floats(expected, "embedding"), floats(row, "embedding"), name);
            }
        }
    }

    @Test
    void theOutputSchemaIsTheOneTransformSchemaPromises() {
        ClipZeroShotClassifier classifier = classifier().setEmbeddingDtype("float16");
        assertEquals(classifier.transformSchema(paths.schema()), classifier.transform(paths).schema());
    }

    @Test
    void inputColumnsNamedLikeScoresOwnPassThroughUntouched() {
        Dataset<Row> input = paths.withColumn("embedding", functions.lit("mine"))
                .withColumn("pred_index", functions.lit(-1));
        Dataset<Row> out = classifier().setOutputCol("vec").setErrorCol("why").transform(input);
        assertEquals(List.of("path", "note", "embedding", "pred_index", "vec", "why", "pred_label", "topk"),
                List.of(out.columns()));
        Row first = out.filter("why is null").first();
        assertEquals("mine", first.getAs("embedding"));
        assertEquals(-1, (int) first.getAs("pred_index"));
        assertArrayEquals(floats(scored.get(first.<String>getAs("path")), "embedding"), floats(first, "vec"));
    }

    static float[] floats(Row row, String column) {
        List<Float> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
