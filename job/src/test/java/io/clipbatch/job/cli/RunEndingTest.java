package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipbatch.job.RunProgress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line that ends a run cut short, and the command that continues it. */
class RunEndingTest {
    record Progress(String written, RunProgress.Next next) implements RunProgress.Report {
    }

    @Test
    void resumeCommandIsTheUsersOwnWithResumeAndWithoutMode() {
        String command = RunEnding.resumeCommand(List.of("score", "--input", "/data/my photos", "--mode", "overwrite",
                "--output", "s3a://b/out", "--classes", "it's.txt", "--mode=overwrite", "--resume"));
        assertEquals("clip-batch score --input '/data/my photos' --output s3a://b/out --classes 'it'\\''s.txt' --resume",
                command);
    }

    @Test
    void eachEndingSaysWhatWasWrittenAndWhatToDo() {
        List<String> args = List.of("eval", "--output", "out");
        assertEquals("clip-batch: interrupted before anything was written", RunEnding.interrupted(args, null));
        assertEquals("clip-batch: interrupted: 2 written; to start again, add --mode overwrite",
                RunEnding.interrupted(args, new Progress("2 written", RunProgress.Next.OVERWRITE)));
        assertEquals("clip-batch: failed: disk full; 1 of 3 chunks committed; continue with: clip-batch eval --output"
                        + " out --resume",
                RunEnding.failed("disk full", args, new Progress("1 of 3 chunks committed", RunProgress.Next.RESUME)));
        assertEquals("clip-batch: failed: disk full; nothing",
                RunEnding.failed("disk full", args, new Progress("nothing", RunProgress.Next.RERUN)));
    }

    @Test
    void theReasonIsTheDeepestCauseAndNamesItsKindWhenItsMessageIsOneWord() {
        Exception wrapped = new RuntimeException("job aborted", new IllegalStateException("stage failed",
                new ClassNotFoundException("org.apache.hadoop.io.compress.BrotliCodec")));
        assertEquals("ClassNotFoundException: org.apache.hadoop.io.compress.BrotliCodec", ClipBatch.oneLine(wrapped));
        assertEquals("disk full", ClipBatch.oneLine(new RuntimeException(new java.io.IOException("disk full\nmore"))));
        assertEquals("java.lang.NullPointerException", ClipBatch.oneLine(new RuntimeException(new NullPointerException())));
    }
}
