package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The test S3 server deletes as S3 does: a tree with directory markers over objects, as a job
 * commit's {@code _temporary} is, goes through S3A at once and entirely.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ServerIT {
    S3Server s3;
    FileSystem fs;

    @BeforeAll
    void start() throws Exception {
        Project.deleteTree(Project.TARGET.resolve("s3-markers"));
        s3 = S3Server.start(Project.TARGET.resolve("s3-markers"));
        s3.createBucket("lake");
        Configuration conf = new Configuration();
        for (Map.Entry<String, String> setting : s3.sparkConf().entrySet()) {
            conf.set(setting.getKey().substring("spark.hadoop.".length()), setting.getValue());
        }
        fs = FileSystem.newInstance(URI.create("s3a://lake/"), conf);
    }

    @AfterAll
    void stop() throws Exception {
        if (fs != null) {
            fs.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aTreeWithMarkersOverObjectsIsDeletedAtOnce() throws Exception {
        Path tree = new Path("s3a://lake/staged");
        fs.mkdirs(tree);
        fs.mkdirs(new Path(tree, "_temporary/0"));
        fs.mkdirs(new Path(tree, "_temporary/0/_temporary"));
        write(new Path(tree, "_temporary/0/task_0/part-00000.parquet"));
        write(new Path(tree, "part-00001.parquet"));

        long start = System.nanoTime();
        assertTrue(fs.delete(tree, true));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(s3.markersDeletedOverObjects() >= 2, "markers deleted before the objects under them: "
                + s3.markersDeletedOverObjects());
        // The filesystem backend's own delete of such a marker waits 10 s before it gives up.
        assertTrue(seconds < 8, "the delete took " + seconds + " s");
        assertFalse(fs.exists(tree), "nothing of the tree is listed");
        // A marker deleted over objects is a plain folder now: it went with the last object under it.
        assertFalse(Files.exists(s3.local("lake", "staged/_temporary")), "the markers' folders are gone");
    }

    private void write(Path file) throws Exception {
        try (FSDataOutputStream out = fs.create(file)) {
            out.write(new byte[] {1, 2, 3});
        }
    }
}
