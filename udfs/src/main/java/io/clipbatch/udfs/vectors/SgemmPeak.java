package io.clipbatch.udfs.vectors;

import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@link Blas}'s {@code sgemm} alone reaches on this machine: the block product of
 * {@link BlockSearch} (the same shapes), repeated on {@code threads} threads at once, in GFLOP/s.
 * The search's own rate divided by this says how much of the BLAS it keeps.
 */
public final class SgemmPeak {
    private SgemmPeak() {}

    public static double gflops(int threads, int queries, int width, double seconds) throws Exception {
        int rows = BlockSearch.blockRows(queries);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> rates = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                rates.add(pool.submit(() -> flopsPerSecond(seed, queries, rows, width, seconds)));
            }
            double total = 0;
            for (Future<Double> rate : rates) {
                total += rate.get();   // the threads run over the same seconds: their rates add up
            }
            return total / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One thread's rate over about {@code seconds}, after a second of warm-up not counted. */
    private static double flopsPerSecond(int seed, int queries, int rows, int width, double seconds) {
        Random random = new Random(seed);
        float[] a = new float[queries * width];
        float[] b = new float[rows * width];
        float[] c = new float[queries * rows];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat();
        }
        BLAS blas = Blas.instance();
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            blas.sgemm("T", "N", queries, rows, width, 1f, a, width, b, width, 0f, c, queries);
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long calls = 0;
        long now = start;
        while (now < end) {
            blas.sgemm("T", "N", queries, rows, width, 1f, a, width, b, width, 0f, c, queries);
            calls++;
            now = System.nanoTime();
        }
        return calls * 2.0 * queries * rows * width / ((now - start) / 1e9);
    }
}
