package io.clipbatch.job.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stage's measured rate: images over wall seconds, per core (wall rate over the cores the stage was
 * given), and images per CPU second, which is the per-core figure that stays true on a shared, busy
 * machine (the reference script reports the same two).
 *
 * @param stage      the stage's name
 * @param images     images processed in the timed part
 * @param seconds    wall time of the timed part
 * @param cpuSeconds CPU time of the whole process in the timed part (garbage collector and JIT included)
 * @param cores      cores the stage ran on (threads for the preprocessing stages)
 * @param note       what was measured, in a few words
 */
public record Throughput(String stage, long images, double seconds, double cpuSeconds, int cores, String note) {

    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    public double perCore() {
        return imagesPerSecond() / cores;
    }

    public double perCpuSecond() {
        return cpuSeconds > 0 ? images / cpuSeconds : 0;
    }

    public String line() {
        return String.format(Locale.ROOT, "%-9s %8.1f images/s %8.1f per core %8.1f per CPU-s  (%d images, %.2f s,"
                + " %.2f CPU-s, %d cores) %s", stage, imagesPerSecond(), perCore(), perCpuSecond(), images, seconds,
                cpuSeconds, cores, note);
    }

    public String json() {
        return String.format(Locale.ROOT, "{\"stage\":\"%s\",\"images\":%d,\"seconds\":%.4f,\"cpu_seconds\":%.4f,"
                        + "\"cores\":%d,\"images_per_second\":%.3f,\"per_core\":%.3f,\"per_cpu_second\":%.3f,"
                        + "\"note\":\"%s\"}",
                stage, images, seconds, cpuSeconds, cores, imagesPerSecond(), perCore(), perCpuSecond(),
                note.replace("\"", "'"));
    }

    /** CPU time of the whole process so far (ONNX Runtime's native threads included), in seconds. */
    public static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean unix) {
            return unix.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Work on one image, by index; runs on several threads at once. */
    @FunctionalInterface
    public interface ImageWork {
        void run(int index) throws Exception;
    }

    /**
     * Runs {@code work} on {@code threads} threads over image indices 0, 1, 2, ... (each index once), first
     * for {@code warmupSeconds} uncounted (the JIT compiles the hot loops), then for at least
     * {@code minSeconds} counted.
     */
    public static Throughput timed(String stage, int threads, double warmupSeconds, double minSeconds, String note,
                                   ImageWork work) throws InterruptedException {
        return timed(stage, threads, warmupSeconds, minSeconds, 1, note, work);
    }

    /** As above, with at least {@code minRuns} runs of {@code work} both in the warm-up and in the timed part. */
    public static Throughput timed(String stage, int threads, double warmupSeconds, double minSeconds, int minRuns,
                                   String note, ImageWork work) throws InterruptedException {
        loop(threads, warmupSeconds, minRuns, work);
        long[] counted = loop(threads, minSeconds, minRuns, work);
        return new Throughput(stage, counted[0], counted[1] / 1e9, counted[2] / 1e9, threads, note);
    }

    /**
     * {images, wall nanoseconds, CPU nanoseconds of the whole process}: threads work until the time is up,
     * then finish their current image. The process's CPU time includes the garbage collector's and the
     * JIT's threads, as the reference's {@code time.process_time()} includes all of Python's.
     */
    private static long[] loop(int threads, double seconds, int minRuns, ImageWork work) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        double cpuStart = processCpuSeconds();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long index = next.getAndIncrement();
                        work.run((int) index);
                        if (System.nanoTime() >= deadline && index + 1 >= minRuns) {
                            stop.set(true);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    stop.set(true);
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("benchmark work failed: " + failures.get(0), failures.get(0));
        }
        return new long[] {next.get(), elapsed, (long) ((processCpuSeconds() - cpuStart) * 1e9)};
    }
}
