package io.clipbatch.job.cli;

import io.clipbatch.job.UserError;
import picocli.CommandLine.Option;

/** How images reach the model within a task: {@code --batch-size}, {@code --reader-threads}. */
public final class BatchOptions {
    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--reader-threads", defaultValue = "4", paramLabel = "N",
            description = "Threads reading and decoding images per task (default: ${DEFAULT-VALUE}).")
    int readerThreads;

    public int batchSize() {
        UserError.requireAtLeast("--batch-size", batchSize, 1);
        return batchSize;
    }

    public int readerThreads() {
        UserError.requireAtLeast("--reader-threads", readerThreads, 1);
        return readerThreads;
    }
}
