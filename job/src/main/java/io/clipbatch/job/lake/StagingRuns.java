package io.clipbatch.job.lake;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run folders under a table's staging root ({@code run-<epochMillis>-<uuid>}) and when one is
 * abandoned. A live run touches a heartbeat file in its folder every {@link #HEARTBEAT_EVERY}; a folder
 * is abandoned when both its name's start time and its heartbeat (if any) are older than
 * {@link #ABANDONED_AFTER}. A run alive for days keeps its folder, since its heartbeat stays fresh;
 * only a driver that has not touched its folder for {@link #ABANDONED_AFTER} (killed, or its host
 * gone) loses it. The margin (a day against ten minutes) absorbs clock skew between hosts and the store.
 */
public final class StagingRuns {
    public static final Duration ABANDONED_AFTER = Duration.ofHours(24);
    static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(10);
    /** The file a live run rewrites; its modification time is the run's last sign of life. */
    public static final String HEARTBEAT = "_alive";
    private static final Pattern RUN = Pattern.compile("run-(\\d{1,19})-[0-9a-f-]{36}");

    private StagingRuns() {
    }

    /** A new run's folder under {@code root}, named by its start time. */
    public static Path newRun(Path root, Instant now) {
        return new Path(root, "run-" + now.toEpochMilli() + "-" + UUID.randomUUID());
    }

    /**
     * Deletes the abandoned run folders under {@code root} (a root that does not exist has none) and
     * returns them. A folder that cannot be listed or deleted is left alone: nothing reads it.
     */
    public static List<Path> removeAbandoned(FileSystem fs, Path root, Instant now) {
        List<Path> removed = new ArrayList<>();
        FileStatus[] entries;
        try {
            if (!fs.exists(root)) {
                return removed;
            }
            entries = fs.listStatus(root);
        } catch (IOException e) {
            return removed;
        }
        Instant cutoff = now.minus(ABANDONED_AFTER);
        for (FileStatus entry : entries) {
            Optional<Instant> started = startOf(entry.getPath().getName());
            try {
                if (entry.isDirectory() && started.isPresent() && started.get().isBefore(cutoff)
                        && lastHeartbeat(fs, entry.getPath()).map(beat -> beat.isBefore(cutoff)).orElse(true)
                        && fs.delete(entry.getPath(), true)) {
                    removed.add(entry.getPath());
                }
            } catch (IOException e) {
                // left for a later run
            }
        }
        return removed;
    }

    /** The one line a run prints when it removed abandoned folders, or empty. */
    public static Optional<String> report(Path root, List<Path> removed) {
        if (removed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("clip-batch: removed " + removed.size() + " staging folder" + (removed.size() == 1 ? "" : "s")
                + " of runs abandoned over " + ABANDONED_AFTER.toHours() + " h ago from " + root + ": "
                + String.join(", ", removed.stream().map(Path::getName).toList()));
    }

    /** The start time in a run folder's name, or empty for a name that is not a run's. */
    static Optional<Instant> startOf(String name) {
        Matcher m = RUN.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> lastHeartbeat(FileSystem fs, Path run) throws IOException {
        Path beat = new Path(run, HEARTBEAT);
        return fs.exists(beat) ? Optional.of(Instant.ofEpochMilli(fs.getFileStatus(beat).getModificationTime()))
                : Optional.empty();
    }

    /** A run's heartbeat: closing it stops the rewrites. */
    public interface Heartbeat extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Removes the abandoned run folders under a table's staging root, and prints one line naming them
     * (nothing when there were none).
     */
    public static void cleanUp(Configuration conf, String root) {
        Path rootPath = new Path(root);
        try {
            report(rootPath, removeAbandoned(rootPath.getFileSystem(conf), rootPath, Instant.now()))
                    .ifPresent(System.err::println);
        } catch (IOException e) {
            // a staging root whose file system cannot be reached here fails the run where it stages
        }
    }

    /** {@link #heartbeat(FileSystem, Path)} on the file {@code heartbeat} names. */
    public static Heartbeat heartbeat(Configuration conf, String heartbeat) {
        Path path = new Path(heartbeat);
        try {
            return heartbeat(path.getFileSystem(conf), path);
        } catch (IOException e) {
            return () -> { };
        }
    }

    /**
     * Rewrites {@code heartbeat} now and every {@link #HEARTBEAT_EVERY} until closed (a daemon thread).
     * Closing waits for a rewrite in progress, so that none recreates the folder after the run removed it.
     */
    public static Heartbeat heartbeat(FileSystem fs, Path heartbeat) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clip-batch staging heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> touch(fs, heartbeat), 0, HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdown();
            try {
                timer.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static void touch(FileSystem fs, Path heartbeat) {
        try {
            fs.create(heartbeat, true).close();
        } catch (IOException e) {
            // a missed beat is made up ten minutes later; a day of them would be needed to lose the folder
        }
    }
}
