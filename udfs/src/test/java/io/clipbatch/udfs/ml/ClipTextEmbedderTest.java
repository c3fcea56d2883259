package io.clipbatch.udfs.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/** The text embedder on Spark local[2] against the text tower run directly, as the zero-shot head runs it. */
class ClipTextEmbedderTest {
    static SparkSession spark;
    static Bundle bundle;
    static ClipModel model;
    static ClipTokenizer tokenizer;

    static final List<String> TEXTS = Arrays.asList("a photo of a cat.", "a red car", null, "",
            "a photo of a dog.", "an astronaut", "coffee");

    @BeforeAll
    static void setUp() {
        spark = MlTestSession.get();
        bundle = Bundle.load(MlTestSession.TINY_IMMICH);
        model = SessionCache.get(bundle, new SessionSettings(Device.CPU, 0, SessionSettings.DEFAULT_MAX_BATCH));
        tokenizer = bundle.tokenizer();
    }

    /** Three partitions of rows (id, text), one text null. */
    static Dataset<Row> texts() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            rows.add(RowFactory.create(i, TEXTS.get(i)));
        }
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    static float[] direct(String text) {
        return model.encodeTexts(new int[][] {tokenizer.tokenize(text, bundle.contextLength())})[0];
    }

    @Test
    void embedsEveryRowInBatchesAsTheTextTowerDoes() {
        ClipTextEmbedder embedder = new ClipTextEmbedder().setModelPath(MlTestSession.TINY_IMMICH.toString())
                .setDevice("cpu").setBatchSize(2);
        Dataset<Row> embedded = embedder.transform(texts());
        assertEquals(List.of("id", "text", "embedding"), List.of(embedded.columns()));
        assertEquals(embedder.transformSchema(texts().schema()), embedded.schema());
        List<Row> rows = embedded.orderBy("id").collectAsList();
        assertEquals(TEXTS.size(), rows.size(), "rows in = rows out");
        for (Row row : rows) {
            String text = TEXTS.get(row.getInt(0));
            assertEquals(text, row.getString(1));
            if (text == null) {
                assertNull(row.get(2));
            } else {
                assertArrayEquals(direct(text), floats(row, 2), "bit-identical for '" + text + "'");
            }
        }
    }

    @Test
    void embeddingsAreTheVectorsTheZeroShotHeadAverages() {
        List<String> classes = List.of("cat", "dog", "red car");
        List<String> prompts = new ArrayList<>();
        ZeroShotHead head = ZeroShotHead.build(classes, List.of("a photo of a {}."), encoded -> {
            prompts.addAll(encoded);
            return model.encodeTexts(tokenizer.tokenize(encoded, bundle.contextLength()));
        });
        StructType schema = new StructType().add("prompt", DataTypes.StringType);
        List<Row> rows = prompts.stream().map(p -> RowFactory.create(p)).toList();
        List<Row> embedded = new ClipTextEmbedder().setModelPath(MlTestSession.TINY_IMMICH.toString())
                .setInputCol("prompt").setOutputCol("vector").setDevice("cpu")
                .transform(spark.createDataFrame(rows, schema).coalesce(1)).collectAsList();
        float[][] weights = head.weights();
        for (int c = 0; c < classes.size(); c++) {
            assertEquals("a photo of a " + classes.get(c) + ".", embedded.get(c).getString(0));
            // One template: the class row is the prompt's unit vector, normalised once more.
            assertArrayEquals(weights[c], floats(embedded.get(c), 1), 1e-6f);
        }
    }

    @Test
    void savedAndLoadedItEmbedsTheSame(@TempDir Path dir) throws Exception {
        ClipTextEmbedder embedder = new ClipTextEmbedder().setModelPath(MlTestSession.TINY_IMMICH.toString())
                .setBatchSize(3).setOutputCol("text_embedding");
        String path = dir.resolve("text-embedder").toString();
        embedder.save(path);
        ClipTextEmbedder loaded = ClipTextEmbedder.load(path);
        assertEquals(embedder.uid(), loaded.uid());
        assertEquals(3, loaded.getBatchSize());
        assertEquals("text_embedding", loaded.getOutputCol());
        assertEquals(embedder.transform(texts()).orderBy("id").collectAsList(),
                loaded.transform(texts()).orderBy("id").collectAsList());
    }

    static float[] floats(Row row, int column) {
        List<Float> values = row.getList(column);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
