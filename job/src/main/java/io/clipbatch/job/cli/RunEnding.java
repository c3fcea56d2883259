package io.clipbatch.job.cli;

import io.clipbatch.job.RunProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one line that ends a run cut short: what it wrote and how to go on, with the user's own
 * command line where that continues it.
 */
final class RunEnding {
    /** How the user started clip-batch, set by submit/clip-batch (e.g. {@code submit/clip-batch --master URL}). */
    static final String LAUNCHER_ENV = "CLIPBATCH_LAUNCHER";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private RunEnding() {
    }

    static String interrupted(List<String> args, RunProgress.Report progress) {
        if (progress == null) {
            return "clip-batch: interrupted before anything was written";
        }
        return "clip-batch: interrupted: " + progress.written() + next(args, progress.next());
    }

    /** {@code reason}, then what the failed run left and how to go on (nothing when it wrote nothing). */
    static String failed(String reason, List<String> args, RunProgress.Report progress) {
        if (progress == null) {
            return "clip-batch: failed: " + reason;
        }
        return "clip-batch: failed: " + reason + "; " + progress.written() + next(args, progress.next());
    }

    private static String next(List<String> args, RunProgress.Next next) {
        return switch (next) {
            case RESUME -> "; continue with: " + resumeCommand(args);
            case OVERWRITE -> "; to start again, add --mode overwrite";
            case RERUN -> "";
        };
    }

    /** The user's command with {@code --resume} (and without {@code --mode}: a resumed run keeps the output). */
    static String resumeCommand(List<String> args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--mode")) {
                i++;
            } else if (!arg.startsWith("--mode=") && !arg.equals("--resume")) {
                words.add(quote(arg));
            }
        }
        words.add("--resume");
        String launcher = System.getenv(LAUNCHER_ENV);
        return (launcher == null || launcher.isBlank() ? "clip-batch" : launcher) + " " + String.join(" ", words);
    }

    /** A word as a POSIX shell reads it back. */
    static String quote(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
