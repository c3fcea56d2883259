package io.clipbatch.udfs.vectors;

import java.io.Serializable;

/**
 * The normalised query vectors as one row-major matrix, broadcast to every task.
 *
 * @param values {@code count × width} floats, query {@code q}'s vector at {@code q * width}
 */
public record QueryMatrix(float[] values, int count, int width) implements Serializable {
    public static QueryMatrix of(float[][] queries) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no queries");
        }
        return new QueryMatrix(UnitVectors.rowMajor(queries), queries.length, queries[0].length);
    }

    /** The cosine of query {@code q} with the {@code row}-th vector of the row-major {@code block}, in double. */
    public float exactScore(int q, float[] block, int row) {
        double sum = 0;
        int a = q * width;
        int b = row * width;
        for (int i = 0; i < width; i++) {
            sum += (double) values[a + i] * block[b + i];
        }
        return (float) sum;
    }

    /**
     * How far a float32 product may lie from {@link #exactScore}: the float rounding bound of a
     * {@code width}-term dot product of unit vectors ({@code width · 2⁻²⁴} relative, the products
     * summing to at most 1), doubled for safety, plus the final rounding.
     */
    public float productErrorBound() {
        return (float) (2.0 * (width + 2) * Math.ulp(1.0f) / 2);
    }
}
