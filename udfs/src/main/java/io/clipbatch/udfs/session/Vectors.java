package io.clipbatch.udfs.session;

/** The little vector arithmetic CLIP needs, in one place. */
public final class Vectors {

    private Vectors() {
    }

    /** Scales {@code v} to unit L2 norm in place (accumulating in double); a zero vector stays zero. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            double scale = 1.0 / Math.sqrt(sum);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * scale);
            }
        }
        return v;
    }

    /** Dot product of {@code a} with the {@code row}-th row of the row-major matrix {@code m}. */
    public static double dot(float[] a, float[] m, int row) {
        double sum = 0;
        int base = row * a.length;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * m[base + i];
        }
        return sum;
    }
}
