package io.clipbatch.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * clip-batch in a JVM of its own, as the launcher's local mode runs it: the job jar on the job
 * module's classpath file (Spark and the lake formats included), in {@code local[2]}. Nothing of
 * that classpath reaches the test JVM, which reads the tables it writes without Spark.
 */
final class ClipBatchJvm {
    private static final long TIMEOUT_SECONDS = 300;

    private ClipBatchJvm() {}

    /** Runs {@code score} with the tiny model on the CPU, and returns its output; fails the test on a non-zero exit. */
    static String score(String logName, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
        command.addAll(List.of(System.getProperty("clipbatch.javaOpens", "").trim().split("\\s+")));
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(Project.TARGET.resolve("tmp")));
        command.add("-Dlog4j.configurationFile=" + Project.ROOT.resolve("conf/log4j2.properties"));
        command.add("-Dclipbatch.log.file=" + logs().resolve(logName + "-spark.log"));
        command.add("-Dspark.ui.enabled=false");
        command.addAll(List.of("-cp", classpath(), "io.clipbatch.job.cli.ClipBatch", "score",
                "--master", "local[2]", "--model", Project.TINY_MODEL.toString(), "--device", "cpu"));
        command.addAll(List.of(args));
        Path log = logs().resolve(logName + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "clip-batch score " + String.join(" ", args) + ":\n" + output);
        return output;
    }

    private static String classpath() throws IOException {
        Path dependencies = Project.JOB_TARGET.resolve("launcher-classpath.txt");
        return jobJar() + File.pathSeparator + Files.readString(dependencies).trim();
    }

    /** The job's own (unshaded) jar: its dependencies come from the classpath file. */
    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Project.JOB_TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("clip-batch-job-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in job/target: run mvn verify"));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path logs() throws IOException {
        return Files.createDirectories(Project.TARGET.resolve("interop-logs"));
    }
}
