package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipbatch.job.cli.ClipBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An object that the credentials may list but not read (HTTP 403) is a row with
 * {@code read: permission denied}, as an unreadable local file is; the job goes on. Local mode:
 * the 403 is what is tested, not the cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ReadDeniedIT {
    static final String BUCKET = "guarded";

    S3Server s3;
    SparkSession spark;

    @BeforeAll
    void start() throws Exception {
        Project.deleteTree(Project.TARGET.resolve("s3-denied"));
        s3 = S3Server.start(Project.TARGET.resolve("s3-denied"), key -> key.endsWith("secret.png"));
        s3.createBucket(BUCKET);
        s3.put(BUCKET, "images/open.png", TestImages.photo(0));
        s3.put(BUCKET, "images/secret.png", TestImages.photo(1));
        spark = s3.localSession("clip-batch it", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (spark != null) {
            spark.stop();
            FileSystem.closeAll();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void anObjectTheCredentialsCannotReadIsAnErrorRow() throws IOException {
        Path outDir = Project.TARGET.resolve("s3-denied-out");
        Project.deleteTree(outDir);
        String out = outDir.toString();
        assertEquals(0, ClipBatch.execute("score", "--model", Project.TINY_MODEL.toString(), "--device", "cpu",
                "--input", "s3a://" + BUCKET + "/images", "--output", out));
        Map<String, String> errors = new TreeMap<>();
        for (Row row : spark.read().parquet(out).select("path", "error").collectAsList()) {
            errors.put(row.getString(0), row.isNullAt(1) ? "" : row.getString(1));
        }
        assertEquals(Map.of("s3a://guarded/images/open.png", "",
                "s3a://guarded/images/secret.png", "read: permission denied"), errors);
    }
}
