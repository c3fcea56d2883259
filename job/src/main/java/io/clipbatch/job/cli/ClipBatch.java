package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.BundleException;
import io.clipbatch.job.RunProgress;
import io.clipbatch.udfs.InvalidSettingException;
import io.clipbatch.udfs.UserError;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clip-batch} command line: one subcommand a file. */
@Command(name = "clip-batch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs CLIP over very large image collections on Apache Spark.",
        subcommands = {ScoreCommand.class, EmbedTextCommand.class, TokenizeCommand.class, ShowCommand.class,
            SqlCommand.class, InspectModelCommand.class, DemoCommand.class, DemoDataCommand.class, EvalCommand.class,
            TablesCommand.class, BenchCommand.class, SearchCommand.class, DedupCommand.class,
            CommandLine.HelpCommand.class})
public final class ClipBatch implements Runnable {
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try --help)");
    }

    public static void main(String[] args) {
        FailureLog.choose();   // before anything logs: conf/log4j2.properties writes to the same file
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; the tests call this instead of main. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ClipBatch());
        cli.setParameterExceptionHandler(ClipBatch::usageError);
        cli.setExecutionExceptionHandler(ClipBatch::failure);
        RunProgress.clear();
        Interruption.arm(args);
        try {
            return cli.execute(args);
        } finally {
            Interruption.disarm();
            RunProgress.clear();
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        // picocli starts some messages (argument groups) with its own "Error: "; the line has a prefix already.
        String message = e.getMessage().replaceFirst("^Error: ", "");
        err.println("clip-batch: " + message + " (see " + e.getCommandLine().getCommandName() + " --help)");
        err.flush();
        return EXIT_USAGE;
    }

    private static int failure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        Throwable cause = rootUserError(e);
        if (cause != null) {
            err.println("clip-batch: " + userMessage(cause));
            err.flush();
            return EXIT_USAGE;
        }
        if (Interruption.happened()) {
            return EXIT_FAILURE;   // the interruption said what was written; this is its aftermath
        }
        String line = RunEnding.failed(oneLine(e), parsed.originalArgs(), RunProgress.current());
        if (Boolean.getBoolean("clipbatch.trace")) {
            err.println(line);
            e.printStackTrace(err);
        } else {
            Path log = FailureLog.write(e);
            err.println(line + (log == null ? " (set -Dclipbatch.trace=true for the stack trace)"
                    : " (stack trace in " + log + ")"));
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /** The user-fixable problem behind {@code e}, however deep Spark or ORT wrapped it. */
    private static Throwable rootUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError || t instanceof BundleException || t instanceof InvalidSettingException) {
                return t;
            }
        }
        return null;
    }

    /** The problem in the command line's words: a setting is named by its flag. */
    private static String userMessage(Throwable problem) {
        return problem instanceof InvalidSettingException invalid
                ? "--" + invalid.setting().kebabCase() + " " + invalid.problem()
                : problem.getMessage();
    }

    static String oneLine(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() == null ? "" : deepest.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        // A bare word, such as the class that ClassNotFoundException names, says little without the exception's kind.
        return first.isEmpty() ? deepest.getClass().getName()
                : first.contains(" ") ? first : deepest.getClass().getSimpleName() + ": " + first;
    }
}
