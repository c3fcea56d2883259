package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command at small N, through Spark: demo data, score, eval. Its predictions
 * are held against tools/shapes/eval_torch.py's on the same images (the first N of the default
 * seed-7 demo data; the scenes do not depend on N).
 */
class DemoCommandTest {
    private static final int N = 400;
    private static final Path TORCH_PREDICTIONS = Path.of("src/test/resources/demo/torch-predictions-seed7.csv");

    @Test
    void demoReachesNinetyPercentAndAgreesWithPyTorch(@TempDir Path out) throws IOException {
        SparkTestSession.get();
        assertEquals(0, runDemo(out));

        JsonNode report = new ObjectMapper().readTree(out.resolve("eval/report.json").toFile()).get(0);
        assertEquals(N, report.get("n").asInt());
        assertEquals(3, report.get("n_errors").asInt(), "the three broken files are error rows");
        double acc1 = report.get("acc1").asDouble();
        assertTrue(acc1 >= 0.9, "demo acc1 " + acc1 + " is below 0.9");

        Map<String, Integer> torch = torchPredictions();
        int agree = 0;
        int javaCorrect = 0;
        int torchCorrect = 0;
        List<Row> rows = SparkTestSession.get().read().parquet(out.resolve("eval/predictions").toString())
                .where("error is null").select("path", "pred_index", "label_index").collectAsList();
        assertEquals(N, rows.size());
        for (Row row : rows) {
            String image = out.resolve("data").relativize(Path.of(row.getString(0))).toString();
            int predicted = row.getInt(1);
            int label = row.getInt(2);
            int reference = torch.get(image);
            agree += predicted == reference ? 1 : 0;
            javaCorrect += predicted == label ? 1 : 0;
            torchCorrect += reference == label ? 1 : 0;
        }
        double javaAcc = 100.0 * javaCorrect / N;
        double torchAcc = 100.0 * torchCorrect / N;
        System.out.printf("demo n=%d: Spark acc1 %.2f%%, PyTorch acc1 %.2f%%, same top-1 on %d/%d%n",
                N, javaAcc, torchAcc, agree, N);
        assertEquals(acc1 * 100, javaAcc, 1e-9, "the report's acc1 is the predictions' acc1");
        assertTrue(Math.abs(javaAcc - torchAcc) <= 0.5, "Spark " + javaAcc + "% vs PyTorch " + torchAcc + "%");
        assertTrue(agree >= N - 2, "only " + agree + "/" + N + " top-1 labels agree with PyTorch");
    }

    private static int runDemo(Path out) {
        String previous = System.getProperty("clipbatch.home");
        System.setProperty("clipbatch.home", "..");
        try {
            return ClipBatch.execute("demo", "--n", String.valueOf(N), "--output", out.toString());
        } finally {
            if (previous == null) {
                System.clearProperty("clipbatch.home");
            } else {
                System.setProperty("clipbatch.home", previous);
            }
        }
    }

    /** image (relative to the demo folder) to PyTorch's top-1 index. */
    private static Map<String, Integer> torchPredictions() throws IOException {
        Map<String, Integer> predictions = new HashMap<>();
        for (String line : Files.readAllLines(TORCH_PREDICTIONS).subList(1, N + 1)) {
            String[] fields = line.split(",");
            predictions.put(fields[0], Integer.parseInt(fields[2]));
        }
        return predictions;
    }
}
