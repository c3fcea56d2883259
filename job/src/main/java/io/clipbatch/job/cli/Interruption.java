package io.clipbatch.job.cli;

import io.clipbatch.job.RunProgress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * SIGTERM or Ctrl-C during a command: one line saying what was written and how to continue,
 * instead of the errors of every task and thread that finds the models closed and the SparkContext
 * stopped.
 *
 * <p>Two shutdown hooks. A JVM hook, which starts with the others (ONNX Runtime's, the session
 * cache's), at once marks the run interrupted, so that the command's failure path says nothing,
 * and silences logging and stderr. A hook in Spark's hook manager, which runs its hooks one after
 * another, highest priority first, comes before the executor's and the SparkContext's: Spark is
 * still up, the output can be listed, and the line goes to the terminal.
 */
final class Interruption {
    /** Before every hook of Spark's: the local executor's stop (default priority) and the SparkContext's. */
    private static final int PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10;
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final PrintStream TERMINAL = System.err;

    /** The running command's arguments; null when none runs (a normal exit runs the hooks too). */
    private static volatile List<String> running;
    private static volatile boolean happened;

    private Interruption() {
    }

    static void arm(String[] args) {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(Interruption::quiet, "clip-batch-interrupted"));
            ShutdownHookManager.addShutdownHook(PRIORITY, () -> {
                sayWhatWasWritten();
                return BoxedUnit.UNIT;
            });
        }
        happened = false;
        running = List.of(args);
    }

    static void disarm() {
        running = null;
    }

    /** Whether the JVM is shutting down under a running command: its failure is the interruption's. */
    static boolean happened() {
        return happened;
    }

    private static void quiet() {
        if (running == null) {
            return;
        }
        happened = true;
        try {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        } catch (LinkageError | RuntimeException e) {
            // Another logging backend than Spark's log4j 2: its lines about the stopping run may show.
        }
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    }

    private static void sayWhatWasWritten() {
        List<String> args = running;
        if (args == null) {
            return;
        }
        String line;
        try {
            line = RunEnding.interrupted(args, RunProgress.current());
        } catch (RuntimeException e) {
            line = "clip-batch: interrupted";
        }
        // A live progress line (LocalProgress) may be on the terminal: start from a clean line.
        TERMINAL.println((System.console() != null ? "\r\033[K" : "") + line);
        TERMINAL.flush();
    }
}
