package io.clipbatch.udfs.vectors;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

/**
 * The BLAS that the exact search multiplies with: netlib's Java instance, which Spark ML ships. It is
 * {@code VectorBLAS} (the JDK's vector API, SIMD) when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector}, else the scalar {@code Java11BLAS}. The native instance
 * was measured slower on the project's machines: Debian's default {@code libblas.so.3} is the
 * reference Fortran BLAS (about 2.2 GFLOP/s on one core against VectorBLAS's 13 to 16, see
 * docs/search.md), and netlib picks a native library before the Java one whenever one loads.
 */
public final class Blas {
    private Blas() {}

    public static BLAS instance() {
        return JavaBLAS.getInstance();
    }

    /** The class that actually loaded, for the summary line. */
    public static String implementation() {
        return instance().getClass().getName();
    }
}
