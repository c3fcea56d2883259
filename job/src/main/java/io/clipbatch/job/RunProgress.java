package io.clipbatch.job;

/**
 * What the running command has put in its output so far, for the one line that ends a run cut
 * short by a failure or by SIGTERM/Ctrl-C. The jobs report it as soon as they write; the command
 * line says it. One command runs per JVM at a time, so one report is current.
 */
public final class RunProgress {
    /** How a user goes on from the output as it is. */
    public enum Next {
        /** The same command with {@code --resume} keeps what was committed and writes the rest. */
        RESUME,
        /** The output exists and cannot be continued: the same command again with {@code --mode overwrite}. */
        OVERWRITE,
        /** Nothing was written: the same command again. */
        RERUN
    }

    /** What a job has written, asked only when the run ends early. */
    public interface Report {
        /** What is in the output now, e.g. "3 of 12 chunks committed (0-2) in /data/out". */
        String written();

        Next next();
    }

    private static volatile Report current;

    private RunProgress() {
    }

    public static void report(Report report) {
        current = report;
    }

    /** The running job's report, or null when it has not written anything yet. */
    public static Report current() {
        return current;
    }

    public static void clear() {
        current = null;
    }
}
