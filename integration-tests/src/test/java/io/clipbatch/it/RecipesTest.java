package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The submit recipes parse ({@code bash -n}) and their dry runs print the commands they should. */
class RecipesTest {
    static final Path SUBMIT = Project.ROOT.resolve("submit");

    record Result(int code, String out, String err) {
    }

    static Result bash(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("bash"));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args);
        builder.environment().keySet().removeIf(key -> key.startsWith("CLIPBATCH_") || key.equals("SPARK_HOME")
                || key.equals("CUDA_VISIBLE_DEVICES"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, err);
    }

    @Test
    void everyScriptParses() throws Exception {
        List<Path> scripts;
        try (Stream<Path> files = Stream.concat(Files.list(SUBMIT), Files.list(SUBMIT.resolve("recipes")))) {
            scripts = files.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".md")).toList();
        }
        assertTrue(scripts.size() >= 10, scripts.toString());
        for (Path script : scripts) {
            Result result = bash(Map.of(), "-n", script.toString());
            assertEquals(0, result.code(), script + ": " + result.err());
        }
    }

    static Result dryRun(String recipe, Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("CLIPBATCH_DRY_RUN", "1");
        List<String> command = new ArrayList<>(List.of(SUBMIT.resolve("recipes/" + recipe + ".sh").toString()));
        command.addAll(List.of(args));
        Result result = bash(all, command.toArray(new String[0]));
        assertEquals(0, result.code(), recipe + ": " + result.err());
        return result;
    }

    @Test
    void localUsesAllCoresAndTheCpuBuild() throws Exception {
        String command = dryRun("local", Map.of(), "--model", "m", "--input", "in", "--output", "out").out();
        assertTrue(command.startsWith("spark-submit --master local\\[\\*\\]"), command);
        assertTrue(command.contains("--packages com.microsoft.onnxruntime:onnxruntime:1.29.0"), command);
        assertTrue(command.contains("score --device cpu --model m --input in --output out"), command);
    }

    @Test
    void aDeltaSinkAddsDeltaForTheSparkLine() throws Exception {
        String spark3 = dryRun("local", Map.of(), "--input", "in", "--output", "t", "--sink", "delta").out();
        assertTrue(spark3.contains("--packages com.microsoft.onnxruntime:onnxruntime:1.29.0\\,"
                + "io.delta:delta-spark_2.12:3.3.2 "), spark3);
        String spark4 = dryRun("yarn", Map.of("CLIPBATCH_MODEL_ARCHIVE", "hdfs:///m.tar.gz", "CLIPBATCH_SPARK_LINE",
                "4"), "--sink=delta").out();
        assertTrue(spark4.contains("io.delta:delta-spark_2.13:4.4.0"), spark4);
        String parquet = dryRun("local", Map.of(), "--input", "in").out();
        assertTrue(!parquet.contains("io.delta"), parquet);
    }

    @Test
    void standaloneWithGpusSchedulesThemAndShipsTheCudaBuild() throws Exception {
        String command = dryRun("standalone", Map.of("CLIPBATCH_MASTER", "spark://m:7077", "CLIPBATCH_GPU", "1",
                "CLIPBATCH_EXECUTOR_CORES", "4"), "--model", "m").out();
        assertTrue(command.contains("--master spark://m:7077"), command);
        assertTrue(command.contains("onnxruntime_gpu:1.29.0"), command);
        assertTrue(command.contains("spark.executor.resource.gpu.amount=1"), command);
        assertTrue(command.contains("spark.task.resource.gpu.amount=0.25"), command);
        assertTrue(command.contains("gpu-discovery.sh"), command);
        assertTrue(command.contains("score --device cuda --model m"), command);
    }

    @Test
    void theOnnxRuntimeVersionAndTheDryRunFlagWork() throws Exception {
        Map<String, String> env = Map.of("CLIPBATCH_MASTER", "spark://m:7077", "CLIPBATCH_ORT_VERSION", "1.20.0");
        Result result = bash(env, SUBMIT.resolve("recipes/standalone.sh").toString(), "--dry-run", "--model", "m");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("spark-submit --master spark://m:7077"), result.out());
        assertTrue(result.out().contains("--packages com.microsoft.onnxruntime:onnxruntime:1.20.0"), result.out());
        assertTrue(result.out().endsWith("score --device cpu --model m \n"), result.out());
    }

    @Test
    void anExplicitDeviceIsKept() throws Exception {
        String command = dryRun("local", Map.of(), "--device", "auto").out();
        assertTrue(command.endsWith("score --device auto \n"), command);
    }

    @Test
    void yarnShipsTheModelAsAnArchive() throws Exception {
        String command = dryRun("yarn", Map.of("CLIPBATCH_MODEL_ARCHIVE", "hdfs:///m.tar.gz", "CLIPBATCH_GPU", "1"),
                "--input", "in").out();
        assertTrue(command.contains("--master yarn --deploy-mode cluster"), command);
        assertTrue(command.contains("--archives hdfs:///m.tar.gz#model"), command);
        assertTrue(command.contains("--files ") && command.contains("spark.executor.resource.gpu.discoveryScript="
                + "./gpu-discovery.sh"), command);
        assertTrue(command.contains("score --model ./model --device cuda --input in"), command);
    }

    @Test
    void kubernetesUsesTheImageAndNvidiaDevices() throws Exception {
        String command = dryRun("kubernetes", Map.of("CLIPBATCH_K8S_API", "https://k8s:6443", "CLIPBATCH_IMAGE",
                "reg/clip:1", "CLIPBATCH_GPU", "1")).out();
        assertTrue(command.contains("--master k8s://https://k8s:6443"), command);
        assertTrue(command.contains("spark.kubernetes.container.image=reg/clip:1"), command);
        assertTrue(command.contains("spark.executor.resource.gpu.vendor=nvidia.com"), command);
        assertTrue(command.contains("--jars local:///opt/clip-batch/onnxruntime_gpu-1.29.0.jar"), command);
    }

    @Test
    void emrAddsAStep() throws Exception {
        String command = dryRun("emr", Map.of("CLIPBATCH_EMR_CLUSTER", "j-ABC", "CLIPBATCH_JAR", "s3://b/job.jar",
                "CLIPBATCH_MODEL_ARCHIVE", "s3://b/m.tar.gz"), "--input", "s3a://lake/in").out();
        assertTrue(command.startsWith("aws emr add-steps --cluster-id j-ABC"), command);
        assertTrue(command.contains("Type=Spark") && command.contains("s3://b/job.jar\\,score"), command);
    }

    @Test
    void dataprocJoinsPropertiesWithoutCommas() throws Exception {
        String command = dryRun("dataproc", Map.of("CLIPBATCH_DATAPROC_CLUSTER", "c", "CLIPBATCH_REGION", "r",
                "CLIPBATCH_JAR", "gs://b/job.jar", "CLIPBATCH_MODEL_ARCHIVE", "gs://b/m.tar.gz")).out();
        assertTrue(command.startsWith("gcloud dataproc jobs submit spark --cluster=c --region=r"), command);
        assertTrue(command.contains("--properties=\\^#\\^spark.executor.cores=4#"), command);
        assertTrue(command.contains("spark.jars.packages=com.microsoft.onnxruntime:onnxruntime:1.29.0"), command);
    }

    @Test
    void databricksSubmitsAJarTaskWithOnnxRuntimeFromMaven() throws Exception {
        String command = dryRun("databricks", Map.of("CLIPBATCH_JAR", "/Volumes/j.jar", "CLIPBATCH_MODEL_DIR",
                "/Volumes/m", "CLIPBATCH_GPU", "1"), "--input", "s3a://lake/in").out();
        assertTrue(command.startsWith("databricks jobs submit --json"), command);
        assertTrue(command.contains("\"main_class_name\": \"io.clipbatch.job.cli.ClipBatch\""), command);
        assertTrue(command.contains("onnxruntime_gpu:1.29.0") && command.contains("gpu-ml"), command);
        assertTrue(command.contains("\"--device\",\"cuda\""), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "yarn", "kubernetes", "emr", "dataproc", "databricks"})
    void aMissingSettingIsOneLineAndExitCode2(String recipe) throws Exception {
        Result result = bash(Map.of("CLIPBATCH_DRY_RUN", "1"), SUBMIT.resolve("recipes/" + recipe + ".sh").toString());
        assertEquals(2, result.code());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("clip-batch recipe: set CLIPBATCH_"), result.err());
    }

    @Test
    void theLauncherDryRunPrintsItsCommand() throws Exception {
        // Without a built jar the launcher would build one first; mvn verify builds it before this module.
        Assumptions.assumeTrue(Files.exists(Project.ROOT.resolve("job/target/launcher-classpath.txt")),
                "job/target has no build: the launcher's dry run is checked by mvn verify");
        Result result = bash(Map.of("CLIPBATCH_DRY_RUN", "1"), SUBMIT.resolve("clip-batch").toString(),
                "--master", "spark://m:7077", "score", "--model", "m");
        assertEquals(0, result.code(), result.err());
        assertEquals(1, result.out().lines().count(), "one command, not spark-submit and then java: " + result.out());
        assertTrue(result.out().contains("spark-submit --master spark://m:7077"), result.out());
        assertTrue(result.out().contains("--packages com.microsoft.onnxruntime:onnxruntime:1.29.0"), result.out());
    }

    @Test
    void sinkIcebergShipsIcebergsSparkRuntimeWithOnnxRuntime() throws Exception {
        String iceberg = "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.1";
        String standalone = dryRun("standalone", Map.of("CLIPBATCH_MASTER", "spark://m:7077"),
                "--sink", "iceberg", "--output", "lake.db.t").out();
        assertTrue(standalone.contains("--packages com.microsoft.onnxruntime:onnxruntime:1.29.0\\," + iceberg), standalone);
        String databricks = dryRun("databricks", Map.of("CLIPBATCH_JAR", "/Volumes/j.jar", "CLIPBATCH_MODEL_DIR",
                "/Volumes/m"), "--sink=iceberg").out();
        assertTrue(databricks.contains("{\"maven\": {\"coordinates\": \"" + iceberg + "\"}}"), databricks);
        String parquet = dryRun("local", Map.of(), "--input", "in").out();
        assertFalse(parquet.contains("iceberg-spark-runtime"), parquet);
    }

    @Test
    void theLauncherShipsIcebergForSinkIceberg() throws Exception {
        Assumptions.assumeTrue(Files.exists(Project.ROOT.resolve("job/target/launcher-classpath.txt")),
                "job/target has no build: the launcher's dry run is checked by mvn verify");
        Result result = bash(Map.of("CLIPBATCH_DRY_RUN", "1"), SUBMIT.resolve("clip-batch").toString(),
                "--master", "spark://m:7077", "score", "--sink", "iceberg", "--model", "m");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("--packages com.microsoft.onnxruntime:onnxruntime:1.29.0\\,"
                + "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.1"), result.out());
    }

    @Test
    void theLauncherShipsTheTableFormatThatSearchReads(@TempDir Path work) throws Exception {
        Assumptions.assumeTrue(Files.exists(Project.ROOT.resolve("job/target/launcher-classpath.txt")),
                "job/target has no build: the launcher's dry run is checked by mvn verify");
        Path delta = Files.createDirectories(work.resolve("table/_delta_log")).getParent();
        Result fromDelta = bash(Map.of("CLIPBATCH_DRY_RUN", "1"), SUBMIT.resolve("clip-batch").toString(),
                "--master", "spark://m:7077", "search", "--embeddings", delta.toString(), "--text", "a cat");
        assertTrue(fromDelta.out().contains("\\,io.delta:delta-spark"), fromDelta.out());
        Result fromIceberg = bash(Map.of("CLIPBATCH_DRY_RUN", "1"), SUBMIT.resolve("clip-batch").toString(),
                "--master", "spark://m:7077", "dedup", "--embeddings=lake.db.t", "--threshold", "0.9");
        assertTrue(fromIceberg.out().contains("\\,org.apache.iceberg:iceberg-spark-runtime"), fromIceberg.out());
        Result fromParquet = bash(Map.of("CLIPBATCH_DRY_RUN", "1"), SUBMIT.resolve("clip-batch").toString(),
                "--master", "spark://m:7077", "search", "--embeddings", work.toString(), "--text", "a cat");
        assertFalse(fromParquet.out().contains("delta-spark") || fromParquet.out().contains("iceberg"),
                fromParquet.out());
    }

    @Test
    void discoveryScriptReportsNvidiaSmiIndices(@TempDir Path bin) throws Exception {
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 0\necho ' 1'\necho 2\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result result = bash(Map.of("PATH", bin + ":" + System.getenv("PATH")),
                SUBMIT.resolve("gpu-discovery.sh").toString());
        assertEquals(0, result.code(), result.err());
        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\",\"2\"]}\n", result.out());
    }

    @Test
    void discoveryScriptRenumbersCudaVisibleDevices() throws Exception {
        Result result = bash(Map.of("CUDA_VISIBLE_DEVICES", "3,5"), SUBMIT.resolve("gpu-discovery.sh").toString());
        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}\n", result.out(),
                "CUDA numbers the visible devices from 0");
    }

    @Test
    void discoveryScriptWithoutGpusReportsNone(@TempDir Path empty) throws Exception {
        Result result = bash(Map.of("PATH", empty + ":/usr/bin:/bin"), SUBMIT.resolve("gpu-discovery.sh").toString());
        assertEquals(0, result.code(), result.err());
        assertEquals("{\"name\":\"gpu\",\"addresses\":[]}\n", result.out());
        assertFalse(result.out().contains("null"));
    }
}
