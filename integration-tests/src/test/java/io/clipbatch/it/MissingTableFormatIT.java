package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code search} and {@code dedup} submitted as a user would, without Delta Lake or Iceberg on the
 * classpath (Spark's own jars, the job jar and ONNX Runtime): a table is refused in one sentence that
 * names the package to add, before anything is written, and never read as plain Parquet.
 */
class MissingTableFormatIT {
    static final Path WORK = Project.TARGET.resolve("missing-format");
    static SparkHome home;

    @BeforeAll
    static void sparkHome() throws Exception {
        Project.deleteTree(WORK);
        home = SparkHome.create(WORK.resolve("spark-home"));
    }

    @Test
    void aDeltaFolderIsRefusedWithThePackageToAdd() throws Exception {
        // What makes a folder a Delta table to clip-batch: its _delta_log.
        Path table = Files.createDirectories(WORK.resolve("table/_delta_log")).getParent();
        Path out = WORK.resolve("found");
        String line = refusal("search-delta", List.of(), "search", "--embeddings", table.toString(), "--model",
                Project.TINY_MODEL.toString(), "--text", "a cat", "--output", out.toString());
        assertTrue(line.contains("--embeddings " + table + " (a Delta table) needs Delta Lake on the classpath: "
                + "spark-submit --packages io.delta:delta-spark_"), line);
        assertFalse(Files.exists(out), "nothing written");

        Path groups = WORK.resolve("groups");
        line = refusal("dedup-delta", List.of(), "dedup", "--embeddings", table.toString(), "--threshold", "0.9",
                "--output", groups.toString());
        assertTrue(line.contains("needs Delta Lake on the classpath"), line);
        assertFalse(Files.exists(groups), "nothing written");
    }

    @Test
    void anIcebergNameIsRefusedWithoutItsRuntime() throws Exception {
        Path out = WORK.resolve("found-iceberg");
        String line = refusal("search-iceberg",
                List.of("--conf", "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog"),
                "search", "--embeddings", "lake.clip.embeddings", "--model", Project.TINY_MODEL.toString(),
                "--text", "a cat", "--output", out.toString());
        assertTrue(line.contains("--embeddings lake.clip.embeddings (an Iceberg table name) needs "), line);
        assertTrue(line.contains("Iceberg"), line);
        assertFalse(Files.exists(out), "nothing written");
    }

    /** Submits one command in local mode and returns its one {@code clip-batch:} line, after exit 2. */
    private static String refusal(String logName, List<String> conf, String... command) throws Exception {
        List<String> submit = new ArrayList<>(List.of("--master", "local[1]", "--class",
                "io.clipbatch.job.cli.ClipBatch", "--jars", Project.onnxRuntimeJar().toString(),
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false"));
        submit.addAll(conf);
        submit.add(Project.shadedJar().toString());
        submit.addAll(List.of(command));
        JvmProcess run = JvmProcess.start(home, "512m", List.of(), "org.apache.spark.deploy.SparkSubmit", submit,
                Map.of(), Project.logs().resolve("missing-format-" + logName + ".log"));
        int code = run.await(120);
        String log = run.output();
        assertEquals(2, code, log);
        assertFalse(log.contains("Exception"), log);
        List<String> lines = log.lines().filter(l -> l.startsWith("clip-batch:")).toList();
        assertEquals(1, lines.size(), log);
        return lines.get(0);
    }
}
