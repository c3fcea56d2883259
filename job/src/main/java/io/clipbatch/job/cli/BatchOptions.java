package io.clipbatch.job.cli;

import io.clipbatch.udfs.InvalidSettingException;
import io.clipbatch.udfs.Setting;
import picocli.CommandLine.Option;

/** How images reach the model within a task: {@code --batch-size}, {@code --reader-threads}. */
public final class BatchOptions {
    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--reader-threads", defaultValue = "4", paramLabel = "N",
            description = "Threads reading and decoding images per task (default: ${DEFAULT-VALUE}).")
    int readerThreads;

    /** Checked as the scoring spec checks it, for the commands (bench) that use it before building one. */
    public int batchSize() {
        InvalidSettingException.requireAtLeast(Setting.BATCH_SIZE, batchSize, 1);
        return batchSize;
    }

    public int readerThreads() {
        InvalidSettingException.requireAtLeast(Setting.READER_THREADS, readerThreads, 1);
        return readerThreads;
    }
}
