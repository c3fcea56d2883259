package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * {@code score --sink delta} on the standalone cluster with the table in the S3 server, Delta's jars
 * shipped with the job as users ship them: a worker killed while a later chunk runs, and a driver
 * killed between commits followed by {@code --incremental}. Each ends with one row per key whose
 * embedding is bitwise the uninterrupted run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeFaultIT {
    static final int IMAGES = 16;
    static final String CHUNK_SIZE = "4";
    static final Path WORK = Project.TARGET.resolve("lake-faults");
    static final String MANIFEST = "s3a://lake/manifest";
    /** TaskSetManager's lines (at INFO in the cluster's log settings), on Spark 3.5 and 4 alike. */
    static final Pattern STARTED_TASK = Pattern.compile("Starting task \\S+ in stage \\S+ \\(TID (\\d+)\\) "
            + "\\([^,]*, ?executor (\\d+),");
    static final Pattern FINISHED_TASK = Pattern.compile("Finished task \\S+ in stage \\S+ \\(TID (\\d+)\\)");
    static final Pattern SUMMARY = Pattern.compile(
            "clip-batch: \\S+: (\\d+) new, (\\d+) changed, (\\d+) unchanged, (\\d+) errors rescored, (\\d+) deleted");

    S3Server s3;
    StandaloneCluster cluster;
    SparkSession spark;
    Map<Integer, List<Integer>> uninterrupted;

    @BeforeAll
    void start() throws Exception {
        Project.deleteTree(WORK);
        s3 = S3Server.start(WORK.resolve("s3"));
        s3.createBucket("lake");
        spark = s3.localSession("clip-batch lake faults", Map.of(
                "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
                "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "spark.sql.shuffle.partitions", "4"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            s3.put("lake", TestImages.photoName(i), TestImages.photo(i));
            rows.add(RowFactory.create(i, "s3a://lake/" + TestImages.photoName(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("path", DataTypes.StringType);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(MANIFEST);
        cluster = StandaloneCluster.start(SparkHome.create(WORK.resolve("spark-home")), WORK.resolve("cluster"), 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            ClusterIT.note("delta on the S3 server: " + s3.markerDeletesNote());
            s3.close();
        }
    }

    @Test
    @Order(1)
    void anUninterruptedRunWritesOneRowPerImage() throws Exception {
        JvmProcess driver = score("uninterrupted", "s3a://lake/uninterrupted");
        assertEquals(0, driver.await(600), () -> ClusterIT.tail(driver));
        assertEquals(IMAGES, summary(driver)[0], "new rows");
        uninterrupted = embeddings("s3a://lake/uninterrupted");
        assertEquals(IMAGES, uninterrupted.size());
        assertTrue(uninterrupted.values().stream().allMatch(e -> e != null && !e.isEmpty()), "every image embedded");
    }

    @Test
    @Order(2)
    void aWorkerKilledAfterACommitLeavesExactlyTheUninterruptedTable() throws Exception {
        String table = "s3a://lake/worker-killed";
        // Two chunks a commit: after the first commit, both executors score a chunk of the second.
        JvmProcess driver = score("delta-worker-killed", table, "--commit-every", "2");
        awaitCommits("worker-killed", 1, driver);
        cluster.killWorker(awaitWorkerRunningATask(driver));
        int exit = driver.await(600);
        String how = "the run ended by itself (" + ClusterIT.lostTasks(driver) + " running task(s) lost and rerun)";
        if (exit != 0) {
            JvmProcess rerun = score("delta-worker-killed-rerun", table, "--incremental");
            assertEquals(0, rerun.await(600), () -> ClusterIT.tail(rerun));
            how = "the run failed (exit " + exit + "); --incremental completed it";
        }
        assertSameTableAsUninterrupted(table);
        ClusterIT.note("delta, worker killed while it ran a task, after a commit: " + how + "; " + IMAGES + " rows, one per key, "
                + "embeddings bitwise equal to the uninterrupted run");
        cluster.startWorker(1);
        cluster.awaitAliveWorkers(2);
    }

    @Test
    @Order(3)
    void aDriverKilledBetweenCommitsIsCompletedByAnIncrementalRun() throws Exception {
        String table = "s3a://lake/driver-killed";
        JvmProcess driver = score("delta-driver-killed", table, "--commit-every", "1");
        awaitCommits("driver-killed", 2, driver);
        driver.kill();
        cluster.awaitNoActiveApplications();
        long rowsBefore = spark.read().format("delta").load(table).count();
        assertTrue(rowsBefore > 0 && rowsBefore < IMAGES, "killed partway: " + rowsBefore + " rows committed");

        JvmProcess rerun = score("delta-driver-killed-rerun", table, "--incremental");
        assertEquals(0, rerun.await(600), () -> ClusterIT.tail(rerun));
        long[] counts = summary(rerun);
        assertEquals(IMAGES - rowsBefore, counts[0], "only the keys missing from the table are scored");
        assertEquals(0, counts[1], "changed");
        assertEquals(rowsBefore, counts[2], "unchanged");
        assertSameTableAsUninterrupted(table);
        ClusterIT.note("delta, driver killed after " + rowsBefore + " of " + IMAGES + " rows were committed; "
                + "--incremental scored " + counts[0] + "; one row per key, embeddings bitwise equal");
    }

    // ---- helpers

    private JvmProcess score(String logName, String table, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--input", MANIFEST, "--output", table, "--sink", "delta",
                "--chunk-size", CHUNK_SIZE));
        args.addAll(List.of(extra));
        return Submit.score(cluster, s3.sparkConf(), Project.deltaJars(), logName, args.toArray(String[]::new));
    }

    private void assertSameTableAsUninterrupted(String table) {
        Dataset<Row> rows = spark.read().format("delta").load(table);
        assertEquals(IMAGES, rows.count(), "rows");
        assertEquals(IMAGES, rows.select("path").distinct().count(), "one row per key");
        assertEquals(0, rows.filter("error is not null").count(), "errors");
        assertEquals(uninterrupted, embeddings(table), "embeddings bitwise equal to the uninterrupted run's");
    }

    /** Each image's embedding as the bits of its floats, so that equality is bitwise. */
    private Map<Integer, List<Integer>> embeddings(String table) {
        Map<Integer, List<Integer>> byId = new TreeMap<>();
        for (Row row : spark.read().format("delta").load(table).select("id", "embedding").collectAsList()) {
            List<Float> embedding = row.getList(1);
            byId.put(row.getInt(0), embedding == null ? null
                    : embedding.stream().map(Float::floatToRawIntBits).toList());
        }
        return byId;
    }

    /** Waits until the table has {@code count} commits while the driver still runs. */
    private void awaitCommits(String prefix, int count, JvmProcess driver) throws Exception {
        Path log = s3.local("lake", prefix + "/_delta_log");
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (commits(log) >= count) {
                assertTrue(driver.process.isAlive(), "the job ended before it could be interrupted");
                return;
            }
            assertTrue(driver.process.isAlive(), () -> "the driver ended early: " + ClusterIT.tail(driver));
            Thread.sleep(20);
        }
        driver.kill();
        throw new AssertionError("no " + count + " commits in time: " + ClusterIT.tail(driver));
    }

    /**
     * Waits until the driver has started a task that it has not yet seen finish, and returns the worker
     * whose executor runs it: killed then, the worker takes a running task with it, which the driver
     * must run again. (A task may still end in the moment before the kill; the note counts the lost.)
     */
    private int awaitWorkerRunningATask(JvmProcess driver) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String log = driver.output();
            Set<String> finished = new HashSet<>();
            for (Matcher task = FINISHED_TASK.matcher(log); task.find(); ) {
                finished.add(task.group(1));
            }
            for (Matcher task = STARTED_TASK.matcher(log); task.find(); ) {
                if (!finished.contains(task.group(1))) {
                    int worker = cluster.workerOfExecutor(task.group(2));
                    if (worker >= 0) {
                        return worker;
                    }
                }
            }
            assertTrue(driver.process.isAlive(), () -> "the driver ended early: " + ClusterIT.tail(driver));
            Thread.sleep(10);
        }
        driver.kill();
        throw new AssertionError("no task was seen running: " + ClusterIT.tail(driver));
    }

    private static long commits(Path log) throws IOException {
        if (!Files.isDirectory(log)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
    }

    /** new, changed, unchanged, errors rescored, deleted: the run's one summary line. */
    private static long[] summary(JvmProcess driver) throws IOException {
        Matcher line = SUMMARY.matcher(driver.output());
        assertTrue(line.find(), () -> "no summary line in " + driver.log);
        long[] counts = new long[5];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Long.parseLong(line.group(i + 1));
        }
        return counts;
    }
}
