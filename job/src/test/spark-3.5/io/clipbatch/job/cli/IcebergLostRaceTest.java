package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.lake.LakeJob;
import io.clipbatch.job.lake.LakeSettings;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two incremental runs on one Iceberg table, the second committing while the first is between building
 * its MERGE and writing it: the first loses, with one sentence and exit 2, and the table keeps one row
 * per key, the winner's.
 */
class IcebergLostRaceTest {
    private static final String TABLE = "race.clip.embeddings";

    @TempDir
    Path work;

    @Test
    void theRunThatCommitsSecondFailsInOneSentenceAndTheTableKeepsOneRowPerKey() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Map<String, String> catalog = Map.of("spark.sql.catalog.race", "org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog.race.catalog-impl", RacingCatalog.class.getName(),
                "spark.sql.catalog.race.warehouse", work.resolve("warehouse").toUri().toString());
        catalog.forEach(spark.conf()::set);
        Path images = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("chelsea.jpg", "gradient.png")) {
            Files.copy(SparkTestSession.GOLDEN_IMAGES.resolve(name), images.resolve(name));
        }
        assertEquals(0, score(images).code());
        for (String name : List.of("tall-lines.png", "camera-grey.png")) {
            Files.copy(SparkTestSession.GOLDEN_IMAGES.resolve(name), images.resolve(name));
        }

        // The other run (its own session, as another process would have) adds the same two images and
        // commits inside this run's MERGE commit.
        AtomicReference<Object> winner = new AtomicReference<>();
        RacingCatalog.beforeNextCommit(() -> {
            Thread other = new Thread(() -> {
                try {
                    SparkSession session = spark.newSession();
                    catalog.forEach(session.conf()::set);
                    winner.set(incremental(session, images).line());
                } catch (RuntimeException e) {
                    winner.set(e);
                }
            });
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CliTest.Run loser = score(images, "--incremental");

        assertTrue(String.valueOf(winner.get()).contains("2 new, 0 changed, 2 unchanged"), String.valueOf(winner.get()));
        CliTest.assertOneLineUsageError(loser, "Iceberg table " + TABLE + " changed while this run committed to it");
        // Iceberg retried the commit on the new snapshot, and its validation found the winner's rows.
        assertTrue(loser.err().contains("(Found conflicting files that can contain records matching"), loser.err());
        assertTrue(loser.err().contains("nothing of this commit was written"), loser.err());
        Dataset<Row> rows = spark.table(TABLE);
        assertEquals(4, rows.count());
        assertEquals(4, rows.select("path").distinct().count());
        assertNull(rows.filter("error IS NOT NULL").limit(1).collectAsList().stream().findFirst().orElse(null));
    }

    private CliTest.Run score(Path images, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("score", "--sink", "iceberg", "--model", CliTest.MODEL,
                "--input", images.toString(), "--output", TABLE));
        args.addAll(List.of(extra));
        return CliTest.run("", args.toArray(String[]::new));
    }

    private static LakeJob.Summary incremental(SparkSession session, Path images) {
        ScoringSpec spec = ScoringSpec.builder(CliTest.MODEL).build();
        ScoreJob.Settings score = new ScoreJob.Settings(spec, images.toString(),
                new OutputTarget(TABLE, OutputTarget.Mode.ERROR), null, null, 10);
        LakeSettings lake = new LakeSettings(SinkKind.ICEBERG, null, LakeSettings.Fingerprint.LISTING, null,
                LakeSettings.DuplicateKeys.ERROR, 0, true, false, false);
        return new LakeJob(session, score, lake).run();
    }
}
