package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.CliTest.assertOneLineUsageError;
import static io.clipbatch.job.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code clip-batch sql}: clip_score against score, queries printed or written, and one line per mistake. */
class SqlCommandTest {
    static final String MODEL = SparkTestSession.TINY_IMMICH.toString();
    static final String IMAGES = SparkTestSession.GOLDEN_IMAGES.toString();

    @TempDir
    static Path work;
    static Path classes;
    static Path scored;

    @BeforeAll
    static void scoreTheImages() throws Exception {
        SparkTestSession.get();
        classes = Files.writeString(work.resolve("classes.txt"), "cat\ndog\ncar\nastronaut\n");
        scored = work.resolve("scored");
        CliTest.Run run = run("", "score", "--model", MODEL, "--input", IMAGES, "--output", scored.toString(),
                "--classes", classes.toString(), "--top-k", "3");
        assertEquals(0, run.code(), run.err());
    }

    private static String clipScore(String options) {
        return "SELECT * FROM clip_score('" + IMAGES + "', '" + MODEL + "'" + options + ")";
    }

    /** Each output row by path, its embedding and zero-shot columns. */
    private static Map<String, Row> byPath(String parquet) {
        Map<String, Row> rows = new TreeMap<>();
        for (Row row : SparkTestSession.get().read().parquet(parquet)
                .select("path", "embedding", "error", "pred_label", "pred_index", "topk").collectAsList()) {
            rows.put(row.getString(0), row);
        }
        return rows;
    }

    @Test
    void clipScoreGivesScoresEmbeddingsAndPredictionsBitForBit() {
        Path out = work.resolve("sql-scored");
        CliTest.Run run = run("", "sql", clipScore(", map('classes', '" + classes + "', 'top_k', '3')"),
                "--output", out.toString());
        assertEquals(0, run.code(), run.err());
        Map<String, Row> expected = byPath(scored.toString());
        Map<String, Row> actual = byPath(out.toString());
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.size() >= 5, expected.keySet().toString());
        for (String path : expected.keySet()) {
            Row want = expected.get(path);
            Row got = actual.get(path);
            assertArrayEquals(floats(want.getList(1)), floats(got.getList(1)), 0f, path);
            for (int column = 2; column < 6; column++) {
                assertEquals(String.valueOf(want.get(column)), String.valueOf(got.get(column)), path);
            }
        }
    }

    @Test
    void createTableAsSelectFillsATableWithScoresRows() {
        SparkSession spark = SparkTestSession.get();
        Path location = work.resolve("ctas");
        spark.sql("CREATE TABLE sql_test_ctas USING parquet LOCATION '" + location + "' AS "
                + clipScore(", map('classes', '" + classes + "', 'top_k', '3')"));
        try {
            Map<String, Row> expected = byPath(scored.toString());
            Map<String, Row> actual = byPath(location.toString());
            assertEquals(expected.keySet(), actual.keySet());
            for (String path : expected.keySet()) {
                assertArrayEquals(floats(expected.get(path).getList(1)), floats(actual.get(path).getList(1)), 0f, path);
                assertEquals(String.valueOf(expected.get(path).get(5)), String.valueOf(actual.get(path).get(5)), path);
            }
        } finally {
            spark.sql("DROP TABLE sql_test_ctas");
        }
    }

    @Test
    void clipScoreReadsATableByName() {
        SparkSession spark = SparkTestSession.get();
        spark.read().parquet(scored.toString()).select("path").createOrReplaceTempView("sql_test_images");
        CliTest.Run run = run("", "sql", "SELECT count(embedding) AS n FROM clip_score('sql_test_images', '" + MODEL + "')");
        assertEquals(0, run.code(), run.err());
        assertEquals("{\"n\":" + byPath(scored.toString()).size() + "}", run.out().strip());
    }

    @Test
    void printsJsonLinesOfATextSearchOverAnOutput() {
        CliTest.Run run = run("", "sql", "SELECT path, clip_similarity(embedding, clip_text_embedding('" + MODEL
                + "', 'a photo of a cat.')) AS s FROM parquet.`" + scored + "` ORDER BY s DESC", "--limit", "2");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("{\"path\":\"") && lines.get(0).contains("\"s\":"), lines.get(0));
    }

    @Test
    void refusesAnOutputInsideTheQuerysInput() {
        assertOneLineUsageError(run("", "sql", "SELECT * FROM parquet.`" + scored + "`", "--output",
                scored.resolve("again").toString()), "lies inside the query's input");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ", map('frob', '1')                 | clip_score: unknown option 'frob' (known: classes, templates, top_k,",
        ", map('top_k', '0')                | clip_score: top_k must be at least 1, not 0",
        ", map('batch_size', 'many')        | clip_score: batch_size must be a whole number, not 'many'",
        ", map('preprocess', 'slow')        | clip_score: preprocess must be exact or fast, not 'slow'",
        ", map('templates', 't.txt')        | clip_score: the option templates needs the option classes",
        ", map('classes', '/no/classes')    | clip_score: classes /no/classes does not exist",
        ", map('top_k', string(rand()))     | clip_score: options must be a constant, not ",
        ", 'top_k=3'                        | clip_score: options must be a map<string,string>",
    })
    void badClipScoreArgumentIsOneLine(String options, String expected) {
        assertOneLineUsageError(run("", "sql", clipScore(options)), expected);
    }

    @Test
    void missingInputAndMissingModelAreOneLine() {
        assertOneLineUsageError(run("", "sql", "SELECT * FROM clip_score('" + work.resolve("none") + "', '" + MODEL + "')"),
                "clip_score: input " + work.resolve("none") + " does not exist");
        assertOneLineUsageError(run("", "sql", "SELECT * FROM clip_score('" + IMAGES + "', 'no-model')"),
                "clip_score: Model bundle ");
        assertOneLineUsageError(run("", "sql", "SELEC 1"), "SELEC");
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
