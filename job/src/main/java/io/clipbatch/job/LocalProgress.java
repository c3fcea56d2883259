package io.clipbatch.job;

import io.clipbatch.core.pipeline.ScoringProgress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * A live progress line on stderr (images done, images/s, errors) while a local-mode job runs and
 * stderr is a terminal. In local mode the executors share this JVM, so their counters are ours.
 */
final class LocalProgress implements AutoCloseable {
    private final ScheduledExecutorService ticker;
    private final long startDone;
    private final long startFailed;
    private final long startNanos = System.nanoTime();

    private LocalProgress(ScheduledExecutorService ticker) {
        this.ticker = ticker;
        this.startDone = ScoringProgress.done();
        this.startFailed = ScoringProgress.failed();
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
        }
    }

    static LocalProgress startIfLocal(SparkSession spark) {
        boolean show = spark.sparkContext().isLocal() && System.console() != null;
        return new LocalProgress(show ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clip-batch-progress");
            thread.setDaemon(true);
            return thread;
        }) : null);
    }

    private void print() {
        long done = ScoringProgress.done() - startDone;
        long failed = ScoringProgress.failed() - startFailed;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.err.printf("\r%,d images, %.1f images/s, %,d errors   ", done, done / seconds, failed);
        System.err.flush();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }
}
