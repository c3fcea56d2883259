package io.clipbatch.job.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stage's measured rate: images over wall seconds, and per core (the cores the stage was given).
 *
 * @param stage   the stage's name
 * @param images  images processed in the timed part
 * @param seconds wall time of the timed part
 * @param cores   cores the stage ran on (threads for the preprocessing stages)
 * @param note    what was measured, in a few words
 */
public record Throughput(String stage, long images, double seconds, int cores, String note) {

    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    public double perCore() {
        return imagesPerSecond() / cores;
    }

    public String line() {
        return String.format(Locale.ROOT, "%-10s %9.1f images/s %9.1f per core  (%d images, %.2f s, %d cores) %s",
                stage, imagesPerSecond(), perCore(), images, seconds, cores, note);
    }

    public String json() {
        return String.format(Locale.ROOT, "{\"stage\":\"%s\",\"images\":%d,\"seconds\":%.4f,\"cores\":%d,"
                        + "\"images_per_second\":%.3f,\"per_core\":%.3f,\"note\":\"%s\"}",
                stage, images, seconds, cores, imagesPerSecond(), perCore(), note.replace("\"", "'"));
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
        loop(threads, warmupSeconds, work);
        long[] counted = loop(threads, minSeconds, work);
        return new Throughput(stage, counted[0], counted[1] / 1e9, threads, note);
    }

    /** {images, nanoseconds}: threads work until the time is up, then finish their current image. */
    private static long[] loop(int threads, double seconds, ImageWork work) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        work.run((int) next.getAndIncrement());
                        if (System.nanoTime() >= deadline) {
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
        return new long[] {next.get(), elapsed};
    }
}
