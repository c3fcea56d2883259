package io.clipbatch.udfs.vectors;

import java.util.HashMap;
import java.util.Map;

/**
 * Every pair at or above the threshold by brute force, the reference recall is measured against: float
 * sgemm in blocks, with pairs within rounding of the threshold decided again in double.
 */
public final class ExactPairs {
    private static final int BLOCK = 1024;
    private static final float ROUNDING = 1e-4f;

    private ExactPairs() {}

    /** Pairs {@code (i, j)}, {@code i < j}, as {@code i * n + j}, with their cosine. */
    public static Map<Long, Float> of(float[][] vectors, double threshold) {
        int n = vectors.length;
        int width = n == 0 ? 0 : vectors[0].length;
        Map<Long, Float> out = new HashMap<>();
        for (int from = 0; from < n; from += BLOCK) {
            int rows = Math.min(BLOCK, n - from);
            float[] left = packed(vectors, from, rows, width);
            for (int to = from; to < n; to += BLOCK) {
                int cols = Math.min(BLOCK, n - to);
                float[] dots = BlockCosines.times(left, rows, packed(vectors, to, cols, width), cols, width);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        long a = from + i;
                        long b = to + j;
                        float s = dots[i * cols + j];
                        if (a < b && s >= threshold - ROUNDING && (s >= threshold + ROUNDING
                                || exactDot(vectors[(int) a], vectors[(int) b]) >= threshold)) {
                            out.put(a * n + b, s);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double exactDot(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }

    private static float[] packed(float[][] vectors, int from, int rows, int width) {
        float[] out = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(vectors[from + i], 0, out, i * width, width);
        }
        return out;
    }
}
