package io.clipbatch.udfs.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The transformers' defaults, and every bad param or column refused with one sentence that names it. */
class TransformerSettingsTest {
    static final String MODEL = MlTestSession.TINY_IMMICH.toString();
    static final StructType PATHS = new StructType().add("id", DataTypes.LongType).add("path", DataTypes.StringType);
    static final StructType TEXTS = new StructType().add("text", DataTypes.StringType);

    @Test
    void defaultsAreTheIssuesAndTheCommandsOwn() {
        ClipZeroShotClassifier classifier = new ClipZeroShotClassifier();
        assertEquals("path", classifier.getInputCol());
        assertEquals("embedding", classifier.getOutputCol());
        assertEquals("error", classifier.getErrorCol());
        assertEquals(32, classifier.getBatchSize());
        assertEquals(4, classifier.getReaderThreads());
        assertEquals("auto", classifier.getDevice());
        assertEquals("exact", classifier.getPreprocess());
        assertEquals("float32", classifier.getEmbeddingDtype());
        assertArrayEquals(new String[] {"a photo of a {}."}, classifier.getTemplates());
        assertEquals(5, classifier.getTopK());
        assertEquals("pred_label", classifier.getPredictionCol());
        assertEquals("topk", classifier.getTopKCol());
        assertEquals("text", new ClipTextEmbedder().getInputCol());
        assertEquals(List.of("batchSize", "device", "embeddingDtype", "errorCol", "inputCol", "modelPath",
                "outputCol", "preprocess", "readerThreads"), paramNames(new ClipImageEmbedder()));
        assertEquals(List.of("batchSize", "classes", "device", "embeddingDtype", "errorCol", "inputCol", "modelPath",
                "outputCol", "predictionCol", "preprocess", "readerThreads", "templates", "topK", "topKCol"),
                paramNames(classifier));
        assertEquals(List.of("batchSize", "device", "inputCol", "modelPath", "outputCol"),
                paramNames(new ClipTextEmbedder()));
    }

    @Test
    void outputSchemaAddsTheNamedColumnsAfterTheInputs() {
        StructType out = classifier().setOutputCol("vec").setPredictionCol("label").transformSchema(PATHS);
        assertEquals(List.of("id", "path", "vec", "error", "label", "topk"), List.of(out.fieldNames()));
        assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), out.apply("vec").dataType());
        assertEquals(DataTypes.BinaryType,
                embedder().setEmbeddingDtype("float16").transformSchema(PATHS).apply("embedding").dataType());
        StructType bytes = new StructType().add("content", DataTypes.BinaryType);
        assertEquals(List.of("content", "embedding", "error"),
                List.of(embedder().setInputCol("content").transformSchema(bytes).fieldNames()));
    }

    @Test
    void badSettingsAreOneSentenceNamingTheParam() {
        refused(new ClipImageEmbedder(), PATHS, t -> { },
                "ClipImageEmbedder: modelPath is not set; call setModelPath with the model bundle's directory");
        refused(embedder(), PATHS, t -> t.setBatchSize(0), "ClipImageEmbedder: batchSize must be at least 1, not 0");
        refused(embedder(), PATHS, t -> t.setReaderThreads(0),
                "ClipImageEmbedder: readerThreads must be at least 1, not 0");
        refused(embedder(), PATHS, t -> t.setDevice("tpu"),
                "ClipImageEmbedder: device must be cpu, cuda, cuda:N or auto, not 'tpu'");
        refused(embedder(), PATHS, t -> t.setPreprocess("slow"),
                "ClipImageEmbedder: preprocess must be exact or fast, not 'slow'");
        refused(embedder(), PATHS, t -> t.setEmbeddingDtype("float64"),
                "ClipImageEmbedder: embeddingDtype must be float32 or float16, not 'float64'");
        refused(classifier(), PATHS, t -> t.setTopK(0), "ClipZeroShotClassifier: topK must be at least 1, not 0");
        refused(new ClipZeroShotClassifier().setModelPath(MODEL), PATHS, t -> { },
                "ClipZeroShotClassifier: classes is not set; call setClasses with at least one class name");
        refused(classifier(), PATHS, t -> t.setTemplates("a photo"),
                "ClipZeroShotClassifier: the template 'a photo' has no {} (or {c}) for the class name");
        refused(text(), TEXTS, t -> t.setBatchSize(-1), "ClipTextEmbedder: batchSize must be at least 1, not -1");
    }

    @Test
    void badColumnsAreOneSentenceNamingTheColumn() {
        refused(embedder(), PATHS, t -> t.setInputCol("uri"),
                "ClipImageEmbedder: inputCol 'uri' is not a column of the input (its columns: id, path)");
        refused(embedder(), PATHS, t -> t.setInputCol("id"),
                "ClipImageEmbedder: inputCol 'id' is bigint, not a string path or binary image bytes");
        refused(embedder(), PATHS, t -> t.setOutputCol("id"),
                "ClipImageEmbedder: outputCol 'id' is already a column of the input; set outputCol to another name"
                        + " or drop that column");
        refused(embedder(), PATHS, t -> t.setErrorCol("embedding"),
                "ClipImageEmbedder: outputCol and errorCol are both 'embedding'; give them different names");
        refused(classifier(), PATHS, t -> t.setTopKCol("path"),
                "ClipZeroShotClassifier: topKCol 'path' is already a column of the input; set topKCol to another"
                        + " name or drop that column");
        refused(classifier(), PATHS, t -> t.setPredictionCol("error"),
                "ClipZeroShotClassifier: errorCol and predictionCol are both 'error'; give them different names");
        refused(text(), PATHS, t -> { }, "ClipTextEmbedder: inputCol 'text' is not a column of the input"
                + " (its columns: id, path)");
        refused(text(), PATHS, t -> t.setInputCol("id"), "ClipTextEmbedder: inputCol 'id' is bigint, not a string");
        refused(text(), TEXTS, t -> t.setOutputCol("text"),
                "ClipTextEmbedder: outputCol 'text' is already a column of the input; set outputCol to another name"
                        + " or drop that column");
    }

    @Test
    void aMissingModelFailsOnTheDriverBeforeAnyTask() {
        Dataset<Row> texts = MlTestSession.get().createDataFrame(List.of(), TEXTS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> text().setModelPath("no/such/model").transform(texts));
        // A relative path is made absolute on the driver, whose working directory the message shows.
        assertEquals("ClipTextEmbedder: Model bundle " + java.nio.file.Path.of("no/such/model").toAbsolutePath()
                + " is not a directory.", e.getMessage());
    }

    static ClipImageEmbedder embedder() {
        return new ClipImageEmbedder().setModelPath(MODEL);
    }

    static ClipZeroShotClassifier classifier() {
        return new ClipZeroShotClassifier().setModelPath(MODEL).setClasses("cat", "dog");
    }

    static ClipTextEmbedder text() {
        return new ClipTextEmbedder().setModelPath(MODEL);
    }

    static <T extends Transformer> void refused(T transformer, StructType schema, Consumer<T> change, String sentence) {
        change.accept(transformer);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> transformer.transformSchema(schema));
        assertEquals(sentence, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    static List<String> paramNames(Transformer transformer) {
        return java.util.Arrays.stream(transformer.params()).map(p -> p.name()).toList();
    }
}
