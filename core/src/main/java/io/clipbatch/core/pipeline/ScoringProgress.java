package io.clipbatch.core.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Images scored in this JVM so far. In local mode the executors share the driver's JVM, so the
 * driver reads these counters for its live progress line; on a cluster they stay on the executors.
 */
public final class ScoringProgress {
    private static final AtomicLong DONE = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();

    private ScoringProgress() {}

    public static void record(boolean ok) {
        DONE.incrementAndGet();
        if (!ok) {
            FAILED.incrementAndGet();
        }
    }

    public static long done() {
        return DONE.get();
    }

    public static long failed() {
        return FAILED.get();
    }
}
