package io.clipbatch.core.session;

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

    /**
     * {@code v} as IEEE 754 half floats, little-endian, two bytes a value: the {@code float16} embedding
     * column (half the bytes; unit vectors keep about three significant digits, see docs/benchmarks.md).
     * Read it back with numpy's {@code frombuffer(b, "<f2")} or {@link #fromFloat16Bytes}.
     */
    public static byte[] toFloat16Bytes(float[] v) {
        byte[] out = new byte[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            short half = ai.onnxruntime.platform.Fp16Conversions.floatToFp16(v[i]);
            out[2 * i] = (byte) half;
            out[2 * i + 1] = (byte) (half >> 8);
        }
        return out;
    }

    /** The floats of {@link #toFloat16Bytes}. */
    public static float[] fromFloat16Bytes(byte[] bytes) {
        float[] v = new float[bytes.length / 2];
        for (int i = 0; i < v.length; i++) {
            short half = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
            v[i] = ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(half);
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
