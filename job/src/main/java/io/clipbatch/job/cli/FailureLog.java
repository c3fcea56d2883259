package io.clipbatch.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The run's log file, where a failure's stack trace goes so that the terminal keeps one line.
 * conf/log4j2.properties sends Spark's lines about failed tasks to the same file. It is
 * {@code -Dclipbatch.log.file} (submit/clip-batch sets it), else a new file in
 * {@code $CLIPBATCH_LOG_DIR}, else in {@code java.io.tmpdir}.
 */
final class FailureLog {
    static final String PROPERTY = "clipbatch.log.file";
    static final String DIR_ENV = "CLIPBATCH_LOG_DIR";

    private FailureLog() {
    }

    /** Sets {@link #PROPERTY} when nothing did, so that log4j (configured later) writes to the same file. */
    static void choose() {
        if (System.getProperty(PROPERTY) == null) {
            String dir = System.getenv(DIR_ENV);
            Path base = Path.of(dir == null || dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            System.setProperty(PROPERTY, base.resolve("clip-batch-" + stamp + "-" + ProcessHandle.current().pid()
                    + ".log").toString());
        }
    }

    /** Appends {@code failure}'s stack trace to the log file; the file, or null when it cannot be written. */
    static Path write(Throwable failure) {
        choose();
        Path file = Path.of(System.getProperty(PROPERTY)).toAbsolutePath();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, trace.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return file;
        } catch (IOException e) {
            return null;
        }
    }
}
