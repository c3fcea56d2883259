package io.clipbatch.core.image;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Pillow's per-output-pixel convolution weights for one axis ({@code precompute_coeffs} in Resample.c):
 * for output pixel i the input range is {@code [first[i], first[i] + count[i])}, with normalised double
 * weights (used by the 32-bit int path) and the same weights in 22-bit fixed point (the 8-bit path).
 *
 * <p>Kernels depend only on (input size, output size, filter), so they are cached: collections repeat a
 * handful of sizes, and the cache saves recomputing them per image.
 */
final class ResampleKernel {
    /** Pillow's PRECISION_BITS = 32 - 8 - 2: 8 bits of result and 2 of headroom for negative lobes. */
    static final int PRECISION_BITS = 22;

    private static final int CACHE_LIMIT = 4096;
    private static final ConcurrentHashMap<Long, ResampleKernel> CACHE = new ConcurrentHashMap<>();

    final int outSize;
    /** Stride between consecutive output pixels' weights. */
    final int ksize;
    final int[] first;
    final int[] count;
    final double[] weights;
    final int[] fixedWeights;

    private ResampleKernel(int outSize, int ksize, int[] first, int[] count, double[] weights) {
        this.outSize = outSize;
        this.ksize = ksize;
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.fixedWeights = toFixedPoint(weights);
    }

    static ResampleKernel of(int inSize, int outSize, ResampleFilter filter) {
        long key = ((long) inSize << 32) | ((long) outSize << 2) | filter.ordinal();
        ResampleKernel kernel = CACHE.get(key);
        if (kernel == null) {
            kernel = compute(inSize, outSize, filter);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear(); // crude but bounded; sizes that matter come back at once
            }
            CACHE.put(key, kernel);
        }
        return kernel;
    }

    private static ResampleKernel compute(int inSize, int outSize, ResampleFilter filter) {
        // Pillow passes the box (0, 0, inSize) as floats; in1 - in0 is exact for any real image size.
        double scale = (double) (float) inSize / outSize;
        double filterScale = Math.max(scale, 1.0); // antialias: widen the kernel when shrinking
        double support = filter.support() * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        double[] weights = new double[outSize * ksize];
        double inverseScale = 1.0 / filterScale;
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            int base = i * ksize;
            double total = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter.weight((x + xmin - center + 0.5) * inverseScale);
                weights[base + x] = w;
                total += w;
            }
            if (total != 0.0) {
                for (int x = 0; x < xmax; x++) {
                    weights[base + x] /= total;
                }
            }
            first[i] = xmin;
            count[i] = Math.max(xmax, 0);
        }
        return new ResampleKernel(outSize, ksize, first, count, weights);
    }

    /** Pillow's {@code normalize_coeffs_8bpc}: round half away from zero to 22-bit fixed point. */
    private static int[] toFixedPoint(double[] weights) {
        int[] fixed = new int[weights.length];
        double one = 1 << PRECISION_BITS;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            fixed[i] = (int) (w < 0 ? -0.5 + w * one : 0.5 + w * one);
        }
        return fixed;
    }
}
