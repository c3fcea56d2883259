package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
        String printed = runDemo(out);

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
        Map<String, Boolean> heldOut = new HashMap<>();
        SparkTestSession.get().read().parquet(out.resolve("data/manifest.parquet").toString())
                .select("path", "held_out").collectAsList().forEach(r -> heldOut.put(r.getString(0), r.getBoolean(1)));
        long[][] totalAndCorrect = new long[2][2];
        for (Row row : rows) {
            long[] group = totalAndCorrect[heldOut.get(row.getString(0)) ? 1 : 0];
            group[0]++;
            group[1] += row.getInt(1) == row.getInt(2) ? 1 : 0;
        }
        assertSeenAndHeldOut(out, printed, totalAndCorrect);
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

    /** The demo's top-1 on seen and held-out classes, in what it prints and in both reports. */
    private static void assertSeenAndHeldOut(Path out, String printed, long[][] totalAndCorrect) throws IOException {
        String md = Files.readString(out.resolve("eval/report.md"));
        String html = Files.readString(out.resolve("eval/report.html"));
        String[] groups = {"classes seen in training", "classes held out of training"};
        for (int g = 0; g < 2; g++) {
            long total = totalAndCorrect[g][0];
            long correct = totalAndCorrect[g][1];
            String line = String.format(Locale.ROOT, "acc1 on %s: %.2f%% (%d/%d)", groups[g],
                    100.0 * ((float) correct / total), correct, total);
            assertTrue(printed.contains(line + "\n"), line + " not in:\n" + printed);
            assertTrue(md.contains("- " + line + "\n"), line + " not in report.md:\n" + md);
            assertTrue(html.contains(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,d</td>", groups[g],
                    total, correct)), groups[g] + " not in report.html");
        }
        assertTrue(totalAndCorrect[1][0] > 0, "some images are of held-out classes");
        assertTrue(printed.contains("report: " + out.resolve("eval/report.html") + " and "
                + out.resolve("eval/report.md")), printed);
    }

    /** Runs the demo, asserts it exits 0 and returns what it printed (printed again for the build log). */
    private static String runDemo(Path out) {
        String previous = System.getProperty("clipbatch.home");
        System.setProperty("clipbatch.home", "..");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, ClipBatch.execute("demo", "--n", String.valueOf(N), "--output", out.toString()));
            return captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(stdout);
            System.out.print(captured.toString(StandardCharsets.UTF_8));
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
