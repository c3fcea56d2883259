package io.clipbatch.job.bench;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The whole {@code score} job on growing inputs (a manifest cycling through the image folder), in one
 * warm Spark session: time per image should not grow with the count, nor the heap left after each job
 * (in local mode the driver and the executors share this JVM, so a leak on either side shows).
 */
public final class ScalingStage {
    /** One job's figures. */
    public record Run(int images, double seconds, double cpuSeconds, long heapAfterGcBytes, long peakHeapBytes) {
        public double millisPerImage() {
            return 1000 * seconds / images;
        }

        public double cpuMillisPerImage() {
            return 1000 * cpuSeconds / images;
        }

        public String line() {
            return String.format(Locale.ROOT, "scaling %7d images %8.2f s %7.3f ms/image %7.3f CPU-ms/image"
                    + "  heap after GC %6.1f MB, peak %6.1f MB", images, seconds, millisPerImage(), cpuMillisPerImage(),
                    heapAfterGcBytes / 1e6, peakHeapBytes / 1e6);
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"stage\":\"scaling\",\"images\":%d,\"seconds\":%.3f,"
                            + "\"cpu_seconds\":%.3f,\"ms_per_image\":%.4f,\"cpu_ms_per_image\":%.4f,"
                            + "\"heap_after_gc_mb\":%.1f,\"peak_heap_mb\":%.1f}",
                    images, seconds, cpuSeconds, millisPerImage(), cpuMillisPerImage(), heapAfterGcBytes / 1e6,
                    peakHeapBytes / 1e6);
        }
    }

    private ScalingStage() {
    }

    /** @param spec how every run scores; each run writes chunks of {@code chunkSize} images */
    public static List<Run> run(SparkSession spark, ScoringSpec spec, int chunkSize,
                                BenchImages images, Path work, List<Integer> counts) throws InterruptedException {
        List<Run> runs = new ArrayList<>();
        runOnce(spark, spec, chunkSize, images, work, Math.min(1000, counts.get(0))); // warm-up: JIT, session, Spark
        for (int count : counts) {
            runs.add(runOnce(spark, spec, chunkSize, images, work, count));
        }
        return runs;
    }

    private static Run runOnce(SparkSession spark, ScoringSpec spec, int chunkSize,
                               BenchImages images, Path work, int count) throws InterruptedException {
        String manifest = work.resolve("manifest-" + count).toString();
        List<String> paths = IntStream.range(0, count).mapToObj(i -> images.path(i).toString()).toList();
        spark.createDataset(paths, Encoders.STRING()).toDF("path").write().mode("overwrite").parquet(manifest);
        ScoreJob.Settings settings = new ScoreJob.Settings(spec, manifest,
                new OutputTarget(work.resolve("scores-" + count).toString(), OutputTarget.Mode.OVERWRITE),
                null, null, chunkSize);
        HeapPeak peak = HeapPeak.start();
        long start = System.nanoTime();
        double cpuStart = Throughput.processCpuSeconds();
        ScoreJob.Summary summary = new ScoreJob(spark, settings).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = Throughput.processCpuSeconds() - cpuStart;
        long peakBytes = peak.stop();
        if (summary.rows() != count || summary.errors() != 0) {
            throw new IllegalStateException("scaling run of " + count + " wrote " + summary.rows() + " rows, "
                    + summary.errors() + " errors");
        }
        return new Run(count, seconds, cpuSeconds, heapAfterGc(), peakBytes);
    }

    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Samples the used heap every 50 ms on a daemon thread. */
    private static final class HeapPeak {
        private final Thread sampler;
        private volatile boolean running = true;
        private volatile long peak;

        private HeapPeak() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            sampler = new Thread(() -> {
                while (running) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap");
            sampler.setDaemon(true);
        }

        static HeapPeak start() {
            HeapPeak peak = new HeapPeak();
            peak.sampler.start();
            return peak;
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak;
        }
    }
}
