package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.cli.ClipBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * clip-batch on a real Spark standalone cluster with its data in a real S3 server, both on
 * 127.0.0.1, submitted as users submit it; then the faults a long job meets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final int IMAGES = 240;
    static final String CHUNK_SIZE = "8";
    static final String MANIFEST = "s3a://lake/manifest";
    static final Pattern CHUNK_LINE = Pattern.compile(
            "chunks: (\\d+) planned, (\\d+) committed before this run, (\\d+) written by it \\((\\d+) rows\\)");

    S3Server s3;
    StandaloneCluster cluster;
    SparkSession spark;
    List<Row> uninterrupted;

    @BeforeAll
    void start() throws Exception {
        Project.deleteTree(Project.TARGET.resolve("s3"));
        Project.deleteTree(Project.TARGET.resolve("cluster"));
        Project.deleteTree(Project.logs());
        s3 = S3Server.start(Project.TARGET.resolve("s3"));
        s3.createBucket("lake");
        SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("clip-batch it")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4");
        s3.sparkConf().forEach(builder::config);
        spark = builder.getOrCreate();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            s3.put("lake", TestImages.photoName(i), TestImages.photo(i));
            rows.add(RowFactory.create(i, "s3a://lake/" + TestImages.photoName(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(MANIFEST);
        cluster = StandaloneCluster.start(SparkHome.create(Project.TARGET.resolve("spark-home")),
                Project.TARGET.resolve("cluster"), 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            note("S3 server: " + s3.markerDeletesNote());
            s3.close();
        }
    }

    @Test
    @Order(1)
    void scoresOverS3OnTheClusterExactlyAsLocalMode() throws Exception {
        JvmProcess driver = Submit.score(cluster, s3.sparkConf(), "full", "--input", MANIFEST,
                "--output", "s3a://lake/out-full", "--chunk-size", CHUNK_SIZE);
        assertEquals(0, driver.await(300), () -> tail(driver));
        int[] chunks = chunkLine(driver);
        assertEquals(IMAGES, chunks[3], "rows written");

        assertEquals(0, ClipBatch.execute("score", "--model", Project.TINY_MODEL.toString(), "--device", "cpu",
                "--input", MANIFEST, "--output", "s3a://lake/out-local", "--chunk-size", CHUNK_SIZE));
        uninterrupted = sortedRows("s3a://lake/out-full");
        assertEquals(IMAGES, uninterrupted.size(), "rows in = rows out");
        assertEquals(0, uninterrupted.stream().filter(r -> !r.isNullAt(r.fieldIndex("error"))).count());
        assertEquals(sortedRows("s3a://lake/out-local"), uninterrupted, "embeddings identical to local mode");
        record("full run", IMAGES, uninterrupted.size(), duplicates("s3a://lake/out-full"));
    }

    @Test
    @Order(2)
    void aKilledWorkerLosesNoRowAndAddsNone() throws Exception {
        String out = "s3a://lake/out-worker-killed";
        JvmProcess driver = Submit.score(cluster, s3.sparkConf(), "worker-killed", "--input", MANIFEST,
                "--output", out, "--chunk-size", CHUNK_SIZE);
        int committedAtKill = awaitCommittedChunks("out-worker-killed", 2, driver);
        cluster.killWorker(1);
        assertEquals(0, driver.await(300), () -> tail(driver));
        List<Row> rows = sortedRows(out);
        long duplicates = duplicates(out);
        record("worker killed after " + committedAtKill + " chunks (" + lostTasks(driver) + " running task(s) lost "
                + "and rerun)", IMAGES, rows.size(), duplicates);
        assertEquals(IMAGES, rows.size());
        assertEquals(0, duplicates);
        assertEquals(uninterrupted, rows, "same rows as the uninterrupted run");
        cluster.startWorker(1);
        cluster.awaitAliveWorkers(2);
    }

    @Test
    @Order(3)
    void aKilledDriverResumesWithOnlyTheMissingChunks() throws Exception {
        String out = "s3a://lake/out-resumed";
        JvmProcess driver = Submit.score(cluster, s3.sparkConf(), "driver-killed", "--input", MANIFEST,
                "--output", out, "--chunk-size", CHUNK_SIZE);
        awaitCommittedChunks("out-resumed", 3, driver);
        driver.kill();
        cluster.awaitNoActiveApplications();
        Set<String> before = committedFiles("out-resumed");
        long rowsBefore = before.isEmpty() ? 0 : spark.read().parquet(before.stream()
                .map(name -> out + "/" + name).toArray(String[]::new)).count();

        JvmProcess resumed = Submit.score(cluster, s3.sparkConf(), "resumed", "--input", MANIFEST,
                "--output", out, "--chunk-size", CHUNK_SIZE, "--resume");
        assertEquals(0, resumed.await(300), () -> tail(resumed));
        int[] chunks = chunkLine(resumed);
        List<Row> rows = sortedRows(out);
        long duplicates = duplicates(out);
        record("driver killed after " + before.size() + " of " + chunks[0] + " chunks, then --resume ran "
                + chunks[2] + " chunks / " + chunks[3] + " rows", IMAGES, rows.size(), duplicates);
        assertEquals(chunkIds(before).size(), chunks[1], "the resumed run saw the committed chunks");
        assertTrue(chunks[1] >= 3 && chunks[1] < chunks[0], "killed partway through");
        assertEquals(IMAGES - rowsBefore, chunks[3], "only the missing chunks' rows were scored");
        assertEquals(IMAGES, rows.size());
        assertEquals(0, duplicates);
        assertEquals(uninterrupted, rows, "identical to the uninterrupted run");
    }

    @Test
    @Order(4)
    void wrongCredentialsFailFastWithOneLineAndNoSecret() throws Exception {
        String wrongSecret = "wrong-secret-7a6b5c4d3e";
        long start = System.nanoTime();
        JvmProcess driver = Submit.score(cluster, s3.sparkConf(S3Server.ACCESS_KEY, wrongSecret), "bad-credentials",
                "--input", MANIFEST, "--output", "s3a://lake/out-never");
        assertEquals(2, driver.await(120), () -> tail(driver));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertNoLogContains(wrongSecret);
        assertNoLogContains(S3Server.SECRET_KEY);
        List<String> lines = clipBatchLines(driver);
        assertEquals(1, lines.size(), () -> tail(driver));
        assertTrue(lines.get(0).contains("s3a://lake/") && lines.get(0).contains("access denied (HTTP 403)"),
                lines.get(0));
        assertTrue(seconds < 60, "failed after " + seconds + " s; about 10 s: Spark starts, the first S3 call fails");
        note("wrong credentials: exit 2 after " + Math.round(seconds) + " s, secret in no log: " + lines.get(0));
    }

    @Test
    @Order(5)
    void aMissingBucketFailsFastWithOneLine() throws Exception {
        long start = System.nanoTime();
        JvmProcess driver = Submit.score(cluster, s3.sparkConf(), "missing-bucket",
                "--input", "s3a://no-such-bucket/manifest", "--output", "s3a://lake/out-never");
        assertEquals(2, driver.await(120), () -> tail(driver));
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = clipBatchLines(driver);
        assertEquals(1, lines.size(), () -> tail(driver));
        assertTrue(lines.get(0).contains("s3a://no-such-bucket/manifest: the bucket does not exist"),
                lines.get(0));
        assertTrue(seconds < 60, "failed after " + seconds + " s; about 10 s: Spark starts, the first S3 call fails");
        note("missing bucket: exit 2 after " + Math.round(seconds) + " s: " + lines.get(0));
    }

    @Test
    @Order(6)
    void everyFileOfTheBadInputCorpusIsARowAndNothingCrashes() throws Exception {
        List<BadInputCorpus.Entry> corpus = BadInputCorpus.entries();
        assertTrue(corpus.size() >= 25, "the corpus has " + corpus.size() + " files");
        List<Row> manifest = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            BadInputCorpus.Entry entry = corpus.get(i);
            String key = "corpus/" + entry.name();
            if (entry.name().equals("a-folder")) {
                s3.put("lake", key + "/inside.jpg", TestImages.photo(1));
            } else if (entry.bytes() == null) {
                s3.put("lake", key, TestImages.photo(2));
                s3.blobs().removeBlob("lake", key);   // listed, then deleted before the job reads it
            } else {
                s3.put("lake", key, entry.bytes());
            }
            manifest.add(RowFactory.create(i, "s3a://lake/" + key));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);
        spark.createDataFrame(manifest, schema).coalesce(1).write().parquet("s3a://lake/corpus-manifest");

        JvmProcess driver = Submit.score(cluster, s3.sparkConf(), "corpus", "--input", "s3a://lake/corpus-manifest",
                "--output", "s3a://lake/out-corpus", "--chunk-size", "4", "--batch-size", "4");
        assertEquals(0, driver.await(300), () -> tail(driver));
        List<Row> rows = sortedRows("s3a://lake/out-corpus");
        long duplicates = duplicates("s3a://lake/out-corpus");
        record("bad-input corpus (" + corpus.size() + " files)", corpus.size(), rows.size(), duplicates);
        assertEquals(corpus.size(), rows.size(), "every file is a row");
        assertEquals(0, duplicates);
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            BadInputCorpus.Entry entry = corpus.get(row.<Integer>getAs("id"));
            String error = row.getAs("error");
            boolean embedded = !row.isNullAt(row.fieldIndex("embedding"));
            boolean ok = entry.shouldEmbed() ? embedded && error == null
                    : !embedded && error != null && error.matches(entry.expectedError());
            if (!ok) {
                wrong.add(entry.name() + " -> " + (embedded ? "embedding" : "error: " + error));
            }
        }
        assertEquals(List.of(), wrong, "files whose outcome is not the expected one");
        assertEquals(0, lostTasks(driver), () -> "no task may fail: " + tail(driver));
    }

    // ---- helpers

    List<Row> sortedRows(String uri) {
        return spark.read().parquet(uri).orderBy("id").collectAsList();
    }

    long duplicates(String uri) {
        Dataset<Row> rows = spark.read().parquet(uri);
        return rows.count() - rows.select("id").distinct().count();
    }

    /** Waits until {@code count} chunks of the output are committed while the driver still runs. */
    int awaitCommittedChunks(String prefix, int count, JvmProcess driver) throws Exception {
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (System.nanoTime() < deadline) {
            int committed = committedFiles(prefix).size();
            if (committed >= count) {
                assertTrue(driver.process.isAlive(), "the job ended before it could be interrupted");
                return committed;
            }
            assertTrue(driver.process.isAlive(), () -> "the driver ended early: " + tail(driver));
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " committed chunks in time: " + tail(driver));
    }

    Set<String> committedFiles(String prefix) throws IOException {
        Path dir = s3.local("lake", prefix);
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("part-\\d+-.*\\.parquet")).toList());
        }
    }

    static Set<String> chunkIds(Set<String> files) {
        return new TreeSet<>(files.stream().map(name -> name.substring(0, "part-00000".length())).toList());
    }

    /** Tasks the driver saw fail: with an error, or because their executor died under them. */
    static long lostTasks(JvmProcess driver) throws IOException {
        return driver.output().lines()
                .filter(line -> line.contains("Lost task") || line.contains("its executor exited")).count();
    }

    static int[] chunkLine(JvmProcess driver) throws IOException {
        Matcher line = CHUNK_LINE.matcher(driver.output());
        assertTrue(line.find(), () -> "no chunk line in " + driver.log);
        return new int[] {Integer.parseInt(line.group(1)), Integer.parseInt(line.group(2)),
            Integer.parseInt(line.group(3)), Integer.parseInt(line.group(4))};
    }

    static List<String> clipBatchLines(JvmProcess driver) throws IOException {
        return driver.output().lines().filter(l -> l.startsWith("clip-batch:")).toList();
    }

    void assertNoLogContains(String secret) throws IOException {
        for (Path log : cluster.logs()) {
            if (Files.isRegularFile(log)) {
                assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(secret),
                        "secret found in " + log);
            }
        }
    }

    static String tail(JvmProcess process) {
        try {
            List<String> lines = process.output().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** One line per fault test in target/it-logs/fault-results.txt: what the report quotes. */
    static void record(String what, long expected, long written, long duplicates) throws IOException {
        note(String.format("%s: rows expected %d, rows written %d, duplicates %d", what, expected, written,
                duplicates));
    }

    static void note(String text) throws IOException {
        String line = text + System.lineSeparator();
        System.out.print("clip-batch IT: " + line);
        Files.writeString(Project.logs().resolve("fault-results.txt"), line, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

}
