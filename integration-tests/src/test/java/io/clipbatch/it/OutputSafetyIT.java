package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.job.output.ChunkedOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The data-loss cases on the S3 server, with a local-mode driver: an output over an s3a input
 * prefix is refused before anything is deleted, and an overwrite leaves foreign objects alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputSafetyIT {
    static final String BUCKET = "guarded";
    static final int IMAGES = 3;

    S3Server s3;
    SparkSession spark;

    record Run(int code, String err) {
    }

    @BeforeAll
    void start() throws Exception {
        Project.deleteTree(Project.TARGET.resolve("s3-guarded"));
        s3 = S3Server.start(Project.TARGET.resolve("s3-guarded"));
        s3.createBucket(BUCKET);
        for (int i = 0; i < IMAGES; i++) {
            s3.put(BUCKET, "in/imgs/" + TestImages.photoName(i), TestImages.photo(i));
        }
        // The committer's delete of _temporary/ makes the server's filesystem backend retry, with
        // sleeps, the removal of folders that are not empty yet: most of a run's time, for nothing
        // this test looks at. The leftover _temporary/ is among what score owns.
        spark = s3.localSession("clip-batch output safety", Map.of("spark.sql.shuffle.partitions", "2",
                "spark.hadoop.mapreduce.fileoutputcommitter.cleanup.skipped", "true"));
    }

    @AfterAll
    void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        FileSystem.closeAll();
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void anOutputOverAnInputPrefixIsRefusedAndEveryObjectStays() throws IOException {
        for (String output : List.of("s3a://" + BUCKET + "/in", "s3a://" + BUCKET + "/in/imgs/",
                "s3a://" + BUCKET + "/", "s3a://" + BUCKET + "/in/imgs/out")) {
            Run run = score("--input", "s3a://" + BUCKET + "/in/imgs", "--output", output, "--mode", "overwrite-all");
            assertEquals(2, run.code(), output + ": " + run.err());
            assertTrue(run.err().contains("--output " + output + " "), run.err());
            for (int i = 0; i < IMAGES; i++) {
                assertTrue(s3.blobs().blobExists(BUCKET, "in/imgs/" + TestImages.photoName(i)), output);
            }
            assertEquals(IMAGES, filesUnder("in"), output + ": nothing written, nothing deleted");
            assertFalse(s3.blobs().blobExists(BUCKET, ChunkedOutput.PLAN_FILE), output);
        }
    }

    @Test
    void overwriteReplacesOnlyWhatScoreWroteAndRefusesAForeignObject() {
        String out = "s3a://" + BUCKET + "/out";
        for (String earlier : List.of(ChunkedOutput.PLAN_FILE, "part-00000-earlier.snappy.parquet", "_SUCCESS")) {
            s3.put(BUCKET, "out/" + earlier, "from an earlier run".getBytes(StandardCharsets.UTF_8));
        }
        String[] args = {"--input", "s3a://" + BUCKET + "/in/imgs", "--output", out, "--mode", "overwrite"};
        Run replaced = score(args);
        assertEquals(0, replaced.code(), replaced.err());
        assertFalse(s3.blobs().blobExists(BUCKET, "out/part-00000-earlier.snappy.parquet"));
        assertEquals(IMAGES, spark.read().parquet(out).count(), "replaced, not added to");

        s3.put(BUCKET, "out/notes.txt", "mine".getBytes(StandardCharsets.UTF_8));
        Run refused = score(args);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("holds notes.txt, which this command did not write"), refused.err());
        assertTrue(s3.blobs().blobExists(BUCKET, "out/notes.txt"));
        assertTrue(s3.blobs().blobExists(BUCKET, "out/" + ChunkedOutput.PLAN_FILE), "a refused overwrite deletes nothing");
    }

    /** Objects under a prefix, counted where the server keeps them. */
    private long filesUnder(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(s3.local(BUCKET, prefix))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static Run score(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = concat(new String[] {"score", "--model", Project.TINY_MODEL.toString(), "--device", "cpu"},
                    args);
            return new Run(ClipBatch.execute(all), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }
}
