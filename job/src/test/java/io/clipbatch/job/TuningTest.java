package io.clipbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.job.cli.ClipBatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --embedding-dtype float16, --preprocess fast and the bench command, end to end on local[2]. */
class TuningTest {
    static SparkSession spark;
    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() {
        spark = SparkTestSession.get();
    }

    private static Map<String, Row> score(String name, String... extra) {
        Path out = work.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", SparkTestSession.GOLDEN_IMAGES.toString(), "--output", out.toString()));
        args.addAll(List.of(extra));
        assertEquals(0, ClipBatch.execute(args.toArray(new String[0])));
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
            rows.put(row.getAs("path"), row);
        }
        return rows;
    }

    @Test
    void float16EmbeddingsAreHalfFloatBytesOfTheSameVectors() {
        Map<String, Row> full = score("float32");
        Map<String, Row> half = score("float16", "--embedding-dtype", "float16", "--decoder-threads", "2");
        assertEquals(DataTypes.BinaryType,
                spark.read().parquet(work.resolve("float16").toString()).schema().apply("embedding").dataType());
        assertEquals(full.keySet(), half.keySet());
        for (Map.Entry<String, Row> entry : full.entrySet()) {
            List<Float> expected = entry.getValue().getList(entry.getValue().fieldIndex("embedding"));
            float[] got = Vectors.fromFloat16Bytes(half.get(entry.getKey()).getAs("embedding"));
            assertEquals(expected.size(), got.length);
            for (int i = 0; i < got.length; i++) {
                // Half floats keep 11 significant bits: 2^-11 relative, under 5e-4 for values below 1.
                assertTrue(Math.abs(expected.get(i) - got[i]) <= 5e-4, entry.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void fastPreprocessingScoresEveryImage() {
        Map<String, Row> fast = score("fast", "--preprocess", "fast");
        assertTrue(fast.size() >= 5);
        fast.values().forEach(row -> assertTrue(row.isNullAt(row.fieldIndex("error")), row.getString(row.fieldIndex("path"))));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(), "--input",
                    SparkTestSession.GOLDEN_IMAGES.toString(), "--output", work.resolve("x").toString(),
                    "--preprocess", "sloppy"));
        } finally {
            System.setErr(oldErr);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--preprocess must be exact or fast"));
    }

    @Test
    void benchRunsEveryInProcessStage() {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ClipBatch.execute("bench", "--images", SparkTestSession.GOLDEN_IMAGES.toString(), "--model",
                    SparkTestSession.TINY_IMMICH.toString(), "--stages", "decode,exact,fast,ort,pipeline",
                    "--seconds", "0.2", "--warmup", "0.1", "--batch-size", "4", "--pipeline-images", "12",
                    "--json", work.resolve("bench.jsonl").toString());
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(0, code);
        String printed = out.toString(StandardCharsets.UTF_8);
        for (String stage : List.of("decode", "exact", "fast", "ort", "pipeline")) {
            assertTrue(printed.lines().anyMatch(l -> l.startsWith(stage + " ") && l.contains("images/s")), printed);
        }
    }
}
