package io.clipbatch.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spark-submit} of the shaded job jar to the test cluster in client mode, through
 * SparkSubmit's main in a JVM of its own (the driver), with ONNX Runtime shipped by {@code --jars}.
 */
final class Submit {
    private Submit() {}

    static JvmProcess score(StandaloneCluster cluster, Map<String, String> s3Conf, String logName, String... args)
            throws IOException {
        return score(cluster, s3Conf, List.of(), logName, args);
    }

    /** As above, with {@code extraJars} shipped by {@code --jars} too (a table format's jars, say). */
    static JvmProcess score(StandaloneCluster cluster, Map<String, String> s3Conf, List<Path> extraJars,
                            String logName, String... args) throws IOException {
        List<String> jars = new ArrayList<>(List.of(Project.onnxRuntimeJar().toString()));
        extraJars.forEach(jar -> jars.add(jar.toString()));
        List<String> submit = new ArrayList<>(List.of(
                "--master", cluster.masterUrl,
                "--deploy-mode", "client",
                "--name", "clip-batch-it-" + logName,
                "--class", "io.clipbatch.job.cli.ClipBatch",
                "--jars", String.join(",", jars)));
        for (Map.Entry<String, String> setting : sparkConf(s3Conf).entrySet()) {
            submit.add("--conf");
            submit.add(setting.getKey() + "=" + setting.getValue());
        }
        submit.add(Project.shadedJar().toString());
        submit.add("score");
        submit.addAll(List.of("--model", Project.TINY_MODEL.toString(), "--device", "cpu"));
        submit.addAll(List.of(args));
        Path log = Project.logs().resolve("driver-" + logName + ".log");
        return JvmProcess.start(cluster.home, "768m", List.of(), "org.apache.spark.deploy.SparkSubmit", submit,
                Map.of(), log);
    }

    private static Map<String, String> sparkConf(Map<String, String> s3Conf) throws IOException {
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        // The bad-input corpus holds a 96-megapixel PNG: its inflated scanlines and the decoded image are
        // about 600 MB of heap at once, on top of the executor's own, which is larger on Spark 4.
        conf.put("spark.executor.memory", "1200m");
        conf.put("spark.executor.cores", "1");
        conf.put("spark.cores.max", "2");
        conf.put("spark.executor.extraJavaOptions", String.join(" ", Project.javaOpens())
                + " -Djava.io.tmpdir=" + Project.TARGET.resolve("tmp"));
        conf.put("spark.executorEnv.AWS_EC2_METADATA_DISABLED", "true");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.ui.showConsoleProgress", "false");
        // GPUs as on a GPU cluster: one per executor, one per task (the Workers' are fake).
        conf.put("spark.executor.resource.gpu.amount", "1");
        conf.put("spark.task.resource.gpu.amount", "1");
        // A killed executor is noticed at once through its dropped connection; keep retries quick.
        conf.put("spark.task.maxFailures", "4");
        conf.put("spark.sql.shuffle.partitions", "4");
        conf.putAll(s3Conf);
        return conf;
    }
}
