package io.clipbatch.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM the tests start on the cluster's classpath, with its output in a log file. */
final class JvmProcess {
    final Process process;
    final Path log;

    private JvmProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JvmProcess start(SparkHome home, String heap, List<String> jvmFlags, String mainClass, List<String> args,
                            Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Project.java().toString());
        command.add("-Xmx" + heap);
        command.addAll(List.of(Project.javaOpens()));
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(Project.TARGET.resolve("tmp")));
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(home.classpath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(clusterEnvironment(home));
        builder.environment().putAll(env);
        return new JvmProcess(builder.start(), log);
    }

    /** What every cluster JVM sees: the fake SPARK_HOME, loopback only, no cloud metadata probes. */
    static Map<String, String> clusterEnvironment(SparkHome home) {
        return Map.of(
                "SPARK_HOME", home.root.toString(),
                "SPARK_SCALA_VERSION", home.scalaVersion(),
                "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_LOCAL_HOSTNAME", "127.0.0.1",
                "AWS_EC2_METADATA_DISABLED", "true",
                "SPARK_CONF_DIR", home.root.resolve("conf").toString());
    }

    /** Kills the JVM and the processes it started (a Worker's executors) at once, as a crash would. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The exit code, or -1 when it did not end in time (it is then killed). */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
