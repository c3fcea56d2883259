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
 * instead of the errors of every task and thread that finds the SparkContext stopped.
 *
 * <p>The JVM runs its shutdown hooks on a signal; Spark's hook manager runs its hooks one after
 * another, highest priority first. Ours comes before the SparkContext's: the context is still up
 * (the output can be listed), and from then on logging and stderr are silent, and the command's
 * failure path says nothing.
 */
final class Interruption {
    private static final int PRIORITY = ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 10;
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    /** The running command's arguments; null when none runs (a normal exit runs the hooks too). */
    private static volatile List<String> running;
    private static volatile boolean happened;

    private Interruption() {
    }

    static void arm(String[] args) {
        if (INSTALLED.compareAndSet(false, true)) {
            ShutdownHookManager.addShutdownHook(PRIORITY, () -> {
                onShutdown();
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

    private static void onShutdown() {
        List<String> args = running;
        if (args == null) {
            return;
        }
        happened = true;
        silenceLogging();
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        String line;
        try {
            line = RunEnding.interrupted(args, RunProgress.current());
        } catch (RuntimeException e) {
            line = "clip-batch: interrupted";
        }
        // A live progress line (LocalProgress) may be on the terminal: start from a clean line.
        err.println((System.console() != null ? "\r\033[K" : "") + line);
        err.flush();
    }

    private static void silenceLogging() {
        try {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        } catch (LinkageError | RuntimeException e) {
            // Another logging backend than Spark's log4j 2: its lines about the stopping context may show.
        }
    }
}
