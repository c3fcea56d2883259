package io.clipbatch.udfs.vectors;

import io.clipbatch.core.session.Vectors;

/**
 * A stored embedding as a unit {@code float[]}, from the value a Spark {@code Row} holds: an
 * {@code array<float>} or {@code array<double>} (a Scala sequence), or the little-endian float16
 * {@code binary} of {@code --embedding-dtype float16}; also the Java {@code float[]} or {@code double[]}
 * of rows built in Java, which Spark hands over unconverted when it elides a serialization round trip.
 */
public final class UnitVectors {
    private UnitVectors() {}

    /** The normalised vector, or null when the value is null or holds a null element. */
    public static float[] of(Object value) {
        float[] v = values(value);
        return v == null ? null : Vectors.normalize(v);
    }

    /** The stored values as they are, not normalised (a fresh array), or null as {@link #of} says. */
    public static float[] values(Object value) {
        if (value == null) {
            return null;
        }
        float[] v;
        if (value instanceof byte[] bytes) {
            v = Vectors.fromFloat16Bytes(bytes);
        } else if (value instanceof float[] floats) {
            v = floats.clone();   // a Java array where Spark skipped the row conversion: never normalised in place
        } else if (value instanceof double[] doubles) {
            v = new float[doubles.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) doubles[i];
            }
        } else {
            v = fromSequence(value);
        }
        return v;
    }

    private static float[] fromSequence(Object value) {
        scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
        float[] out = new float[seq.length()];
        scala.collection.Iterator<?> numbers = seq.iterator();
        for (int i = 0; i < out.length; i++) {
            Object number = numbers.next();
            if (number == null) {
                return null;
            }
            out[i] = ((Number) number).floatValue();
        }
        return out;
    }

    /** The matrix whose rows are {@code vectors} normalised, row-major. */
    public static float[] rowMajor(float[][] vectors) {
        int width = vectors[0].length;
        float[] out = new float[vectors.length * width];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + vectors[i].length + " values, not " + width);
            }
            float[] unit = Vectors.normalize(vectors[i].clone());
            System.arraycopy(unit, 0, out, i * width, width);
        }
        return out;
    }
}
