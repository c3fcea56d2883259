package io.clipbatch.udfs.sql;

import static io.clipbatch.udfs.sql.SqlTestSession.IMAGES;
import static io.clipbatch.udfs.sql.SqlTestSession.MODEL;
import static io.clipbatch.udfs.sql.SqlTestSession.quoted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.PreprocessOptions;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The scalar SQL functions against the towers called directly, on the tiny model. */
class ScalarFunctionsTest {
    private static final String M = quoted(MODEL);
    private final SparkSession spark = SqlTestSession.get();

    private static ClipModel model() {
        return SessionCache.get(Bundle.load(MODEL), SessionSettings.defaults());
    }

    private static float[] floats(Row row, int i) {
        List<Float> values = row.getList(i);
        float[] out = new float[values.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = values.get(j);
        }
        return out;
    }

    @Test
    void textEmbeddingIsTheTextTowers() {
        Bundle bundle = Bundle.load(MODEL);
        float[] expected = model().encodeTexts(new int[][] {bundle.tokenizer().tokenize("a red car", bundle.contextLength())})[0];
        Row row = spark.sql("SELECT clip_text_embedding(" + M + ", 'a red car') AS e").first();
        assertArrayEquals(expected, floats(row, 0));
    }

    @Test
    void constantTextIsFoldedToALiteralOnTheDriver() {
        String text = "folded " + UUID.randomUUID();
        long before = TextEmbeddings.towerRuns();
        String query = "SELECT id, clip_text_embedding(" + M + ", " + quoted(text) + ") AS e FROM range(5)";
        String explained = spark.sql("EXPLAIN EXTENDED " + query).first().getString(0);
        String plan = explained.substring(explained.indexOf("== Analyzed Logical Plan =="));
        Dataset<Row> rows = spark.sql(query);
        assertEquals(5, rows.collectAsList().size());
        assertFalse(plan.contains("clip_text_embedding("), plan);
        assertTrue(plan.contains("Project [id#") && plan.contains("] AS e#"), "a literal array: " + plan);
        assertEquals(1, TextEmbeddings.towerRuns() - before, "one text tower run for every analysis and row");
    }

    @Test
    void columnTextRunsTheTowerOncePerDistinctText() {
        String a = "memo a " + UUID.randomUUID();
        String b = "memo b " + UUID.randomUUID();
        long before = TextEmbeddings.towerRuns();
        List<Row> rows = spark.sql("SELECT t, clip_similarity(clip_text_embedding(" + M + ", t), clip_text_embedding("
                + M + ", " + quoted(a) + ")) AS s FROM VALUES (" + quoted(a) + "), (" + quoted(b) + "), (" + quoted(a)
                + "), (" + quoted(b) + "), (" + quoted(a) + "), (" + quoted(b) + ") AS q(t) ORDER BY s DESC").collectAsList();
        assertEquals(2, TextEmbeddings.towerRuns() - before);
        assertEquals(a, rows.get(0).getString(0));
        assertEquals(1f, rows.get(0).getFloat(1), 1e-6f);
    }

    @Test
    void imageEmbeddingFromAPathAndFromBytesIsTheImageTowers() throws Exception {
        Path image = IMAGES.resolve("chelsea.jpg");
        byte[] bytes = Files.readAllBytes(image);
        float[] expected = model().encodeImages(
                new Preprocessor(Bundle.load(MODEL).preprocess(), PreprocessOptions.defaults()).preprocess(bytes), 1)[0];
        spark.createDataFrame(List.of(new Picture(image.toString(), bytes)), Picture.class).createOrReplaceTempView("pictures");
        Row row = spark.sql("SELECT clip_image_embedding(" + M + ", path), clip_image_embedding(" + M + ", bytes)"
                + " FROM pictures").first();
        assertArrayEquals(expected, floats(row, 0));
        assertArrayEquals(expected, floats(row, 1));
    }

    @Test
    void similarityTakesFloatDoubleAndFloat16Embeddings() {
        Row row = spark.sql("SELECT clip_similarity(array(1.0F, 0.0F), array(1.0D, 1.0D)),"
                + " clip_similarity(array(3.0F, 4.0F), X'003C0000'),"   // float16 little-endian [1.0, 0.0]
                + " clip_similarity(array(0.0F, 0.0F), array(1.0F, 0.0F)),"
                + " clip_similarity(CAST(NULL AS array<float>), array(1.0F))").first();
        assertEquals((float) (1 / Math.sqrt(2)), row.getFloat(0), 1e-6f);
        assertEquals(0.6f, row.getFloat(1), 1e-6f);
        assertNull(row.get(2), "a zero vector has no direction");
        assertNull(row.get(3));
    }

    /** A row of the pictures view: a path, and the same file's bytes. */
    public static final class Picture implements java.io.Serializable {
        private String path;
        private byte[] bytes;

        public Picture() {}

        Picture(String path, byte[] bytes) {
            this.path = path;
            this.bytes = bytes;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public byte[] getBytes() {
            return bytes;
        }

        public void setBytes(byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
