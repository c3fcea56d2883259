package io.clipbatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to {@code submit/clip-batch score} (as Ctrl-C or a scheduler sends it) once a chunk is
 * committed: one line with the committed chunks and the --resume command, and that command,
 * run as printed, completes the output with every row exactly once.
 */
class InterruptIT {
    static final int IMAGES = 200;
    static final Path WORK = Project.TARGET.resolve("interrupt");
    static final String CONTINUE = "; continue with: ";

    @Test
    void sigtermPrintsOneLineAndItsResumeCommandCompletesTheOutput() throws Exception {
        Project.deleteTree(WORK);
        Path images = Files.createDirectories(WORK.resolve("images"));
        for (int i = 0; i < IMAGES; i++) {
            Files.write(images.resolve(String.format("%04d.jpg", i)), TestImages.encode(TestImages.picture(i, 96, 72),
                    "jpg"));
        }
        Path out = WORK.resolve("out");
        Path err = WORK.resolve("interrupted.err");
        Process run = launcher(err, "score", "--model", Project.TINY_MODEL.toString(), "--device", "cpu",
                "--input", images.toString(), "--output", out.toString(), "--chunk-size", "5");
        awaitFirstChunk(run, out);
        run.destroy();   // SIGTERM
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run ends after SIGTERM");

        String text = Files.readString(err, StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertFalse(text.contains("Exception"), text);
        assertTrue(lines.size() <= 2, "at most the CPU fallback warning and one line:\n" + text);
        String line = lines.stream().filter(l -> l.startsWith("clip-batch: interrupted: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no interrupted line in:\n" + text));
        assertTrue(line.contains(" of 40 chunks committed ("), line);
        assertTrue(line.endsWith(" --chunk-size 5 --resume"), line);

        Process resumed = new ProcessBuilder("bash", "-c", line.substring(line.indexOf(CONTINUE) + CONTINUE.length()))
                .redirectErrorStream(true).redirectOutput(WORK.resolve("resumed.log").toFile()).start();
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "the resumed run ends");
        String log = Files.readString(WORK.resolve("resumed.log"));
        assertEquals(0, resumed.exitValue(), log);
        assertTrue(log.contains("chunks: 40 planned, "), log);
        assertFalse(log.contains("committed before this run, 0 written") || log.contains(" 0 committed before"), log);

        SparkSession spark = SparkSession.builder().master("local[1]").appName("interrupt it")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        Dataset<Row> rows = spark.read().parquet(out.toString());
        assertEquals(IMAGES, rows.count());
        assertEquals(IMAGES, rows.select("path").distinct().count(), "every image exactly once");
        assertEquals(0, rows.filter("error is not null").count());
    }

    /** The launcher with stderr in a file, as a user's shell runs it (it execs java: a signal reaches the JVM). */
    private static Process launcher(Path err, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Project.ROOT.resolve("submit/clip-batch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(key -> key.startsWith("CLIPBATCH_") || key.equals("SPARK_HOME"));
        builder.environment().put("CLIPBATCH_LOG_DIR", Project.logs().toString());
        return builder.start();
    }

    private static void awaitFirstChunk(Process run, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> files = Files.list(out)) {
                    if (files.anyMatch(f -> f.getFileName().toString().startsWith("part-"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no chunk was committed while the run was alive (exit "
                + (run.isAlive() ? "none" : run.exitValue()) + ")");
    }
}
