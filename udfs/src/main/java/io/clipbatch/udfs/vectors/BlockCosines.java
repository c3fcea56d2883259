package io.clipbatch.udfs.vectors;

/**
 * Dot products of two blocks of row-major vectors with one {@code sgemm} call of the project's {@link Blas}
 * (netlib's Java BLAS: SIMD with the vector API, never the slow reference native one).
 */
public final class BlockCosines {
    private BlockCosines() {}

    /**
     * {@code a} (m rows) times {@code b} (n rows) transposed, each row {@code width} floats: the m × n
     * row-major matrix of their dot products. Row-major blocks are column-major transposes to
     * Fortran's BLAS, so C' (n × m, column-major) = B'ᵀ A' is exactly C row-major.
     */
    public static float[] times(float[] a, int m, float[] b, int n, int width) {
        float[] c = new float[m * n];
        if (m == 0 || n == 0) {
            return c;
        }
        Blas.instance().sgemm("T", "N", n, m, width, 1f, b, width, a, width, 0f, c, n);
        return c;
    }

    /** The BLAS implementation that loaded, for summary lines and benchmarks. */
    public static String blasName() {
        return Blas.instance().getClass().getSimpleName();
    }
}
