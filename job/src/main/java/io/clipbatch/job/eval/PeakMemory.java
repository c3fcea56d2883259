package io.clipbatch.job.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.AccumulatorV2;

/**
 * The peak resident memory of the executor processes while a stage runs. ONNX Runtime's memory is
 * native, so the JVM heap would miss most of it: every task samples its process's resident set
 * ({@code VmRSS} in {@code /proc/self/status}) a few times a second and the largest value reaches the
 * driver through an accumulator. Where there is no {@code /proc} the JVM's used heap stands in.
 * In local mode the executors are the driver's JVM, so the figure includes the driver.
 */
public final class PeakMemory implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final long SAMPLE_MS = 200;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Max peak;

    public PeakMemory(Max peak) {
        this.peak = peak;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Max local = new Max();
        local.add(residentBytes());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clip-batch-memory-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> local.add(residentBytes()), SAMPLE_MS, SAMPLE_MS, TimeUnit.MILLISECONDS);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener(ctx -> {
                sampler.shutdownNow();
                local.add(residentBytes());
                peak.add(local.value());
            });
        }
        return rows;
    }

    /** The process's resident set in bytes, or the JVM's used heap without {@code /proc}. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the heap
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** An accumulator keeping the largest value added. */
    public static final class Max extends AccumulatorV2<Long, Long> {
        private static final long serialVersionUID = 1L;
        private long max = -1;

        @Override
        public boolean isZero() {
            return max < 0;
        }

        @Override
        public Max copy() {
            Max copy = new Max();
            copy.max = max;
            return copy;
        }

        @Override
        public void reset() {
            max = -1;
        }

        @Override
        public synchronized void add(Long value) {
            max = Math.max(max, value);
        }

        @Override
        public void merge(AccumulatorV2<Long, Long> other) {
            add(other.value());
        }

        @Override
        public synchronized Long value() {
            return max;
        }
    }
}
