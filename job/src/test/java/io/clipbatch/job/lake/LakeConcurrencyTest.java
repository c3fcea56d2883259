package io.clipbatch.job.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two incremental runs at once on one Delta table: one may lose the race, in one sentence; the table stays whole. */
class LakeConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void concurrentIncrementalRunsLeaveOneRowPerKey() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path folder = Files.createDirectories(dir.resolve("images"));
        for (String name : List.of("chelsea.jpg", "gradient.png")) {
            Files.copy(SparkTestSession.GOLDEN_IMAGES.resolve(name), folder.resolve(name));
        }
        String table = dir.resolve("table").toString();
        run(spark, folder, table, false);
        for (String name : List.of("tall-lines.png", "camera-grey.png")) {
            Files.copy(SparkTestSession.GOLDEN_IMAGES.resolve(name), folder.resolve(name));
        }

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    return run(spark.newSession(), folder, table, true).line();
                } catch (UserError e) {
                    return e.getMessage();
                }
            }));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();
        long succeeded = results.stream().filter(r -> r.startsWith("clip-batch: ")).count();
        assertTrue(succeeded >= 1, results.toString());
        for (String result : results) {
            assertTrue(result.startsWith("clip-batch: ") || (result.contains("was changed by another writer")
                    && !result.contains("\n")), result);
        }
        Dataset<Row> rows = spark.read().format("delta").load(table);
        assertEquals(4, rows.count(), results.toString());
        assertEquals(4, rows.select("path").distinct().count());
    }

    private static LakeJob.Summary run(SparkSession spark, Path folder, String table, boolean incremental) {
        ScoringSpec spec = ScoringSpec.builder(SparkTestSession.TINY_IMMICH.toString()).build();
        ScoreJob.Settings score = new ScoreJob.Settings(spec, folder.toString(),
                new OutputTarget(table, OutputTarget.Mode.ERROR), null, null, 10);
        LakeSettings lake = new LakeSettings(SinkKind.DELTA, null, LakeSettings.Fingerprint.LISTING, null,
                LakeSettings.DuplicateKeys.ERROR, 0, incremental, false, false);
        return new LakeJob(spark, score, lake).run();
    }
}
