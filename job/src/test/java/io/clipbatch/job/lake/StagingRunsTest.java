package io.clipbatch.job.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which run folders under a staging root a new run removes: only those of runs that cannot be alive. */
public class StagingRunsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    java.nio.file.Path dir;

    @Test
    void removesOnlyRunsOlderThanADayWithoutARecentHeartbeat() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path root = new Path(dir.toUri());
        Path abandoned = folder(fs, StagingRuns.newRun(root, NOW.minus(Duration.ofHours(25))));
        Path fresh = folder(fs, StagingRuns.newRun(root, NOW.minus(Duration.ofHours(1))));
        Path longRunning = folder(fs, StagingRuns.newRun(root, NOW.minus(Duration.ofDays(3))));
        heartbeatAt(longRunning, NOW.minus(Duration.ofMinutes(9)));
        Path longDead = folder(fs, StagingRuns.newRun(root, NOW.minus(Duration.ofDays(3))));
        heartbeatAt(longDead, NOW.minus(Duration.ofHours(30)));
        Path notARun = folder(fs, new Path(root, "run-old"));
        java.nio.file.Path looseFile = Files.writeString(dir.resolve("run-1-00000000-0000-0000-0000-000000000000"), "");

        List<Path> removed = StagingRuns.removeAbandoned(fs, root, NOW);

        assertEquals(Set.of(abandoned.getName(), longDead.getName()),
                removed.stream().map(Path::getName).collect(Collectors.toSet()));
        assertEquals(Set.of(fresh.getName(), longRunning.getName(), notARun.getName(), looseFile.getFileName().toString()),
                names());
        String line = StagingRuns.report(root, removed).orElseThrow();
        assertTrue(line.startsWith("clip-batch: removed 2 staging folders of runs abandoned over 24 h ago from "), line);
        assertTrue(line.contains(abandoned.getName()) && !line.contains("\n"), line);
        assertTrue(StagingRuns.report(root, List.of()).isEmpty(), "nothing removed, nothing printed");
        assertEquals(List.of(), StagingRuns.removeAbandoned(fs, new Path(root, "absent"), NOW));
    }

    @Test
    void aLiveRunsHeartbeatIsWrittenAtOnceAndStopsWhenClosed() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path run = StagingRuns.newRun(new Path(dir.toUri()), Instant.now());
        Path beat = new Path(run, StagingRuns.HEARTBEAT);
        try (StagingRuns.Heartbeat alive = StagingRuns.heartbeat(fs, beat)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!fs.exists(beat) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertTrue(fs.exists(beat), "the heartbeat is written when the run starts");
        fs.delete(run, true);
        Thread.sleep(100);
        assertTrue(!fs.exists(run), "no beat after close recreates the removed folder");
    }

    /** The folder name of a run that started {@code ago}. */
    public static String runName(Duration ago) {
        return StagingRuns.newRun(new Path("/"), Instant.now().minus(ago)).getName();
    }

    private static Path folder(FileSystem fs, Path path) throws Exception {
        fs.mkdirs(new Path(path, "group-0"));
        return path;
    }

    private static void heartbeatAt(Path run, Instant time) throws Exception {
        java.nio.file.Path beat = java.nio.file.Path.of(new Path(run, StagingRuns.HEARTBEAT).toUri());
        Files.writeString(beat, "");
        Files.setLastModifiedTime(beat, FileTime.from(time));
    }

    private Set<String> names() throws Exception {
        try (Stream<java.nio.file.Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .collect(Collectors.toSet());
        }
    }
}
