package io.clipbatch.udfs.sql;

import io.clipbatch.core.session.Vectors;

/**
 * An embedding as a Java UDF receives it: an {@code array<float>} or {@code array<double>} (a Scala
 * sequence of boxed numbers), or the little-endian float16 {@code binary} of {@code --embedding-dtype float16}.
 */
final class EmbeddingValues {
    private EmbeddingValues() {}

    static double[] of(Object value) {
        if (value instanceof byte[] bytes) {
            float[] floats = Vectors.fromFloat16Bytes(bytes);
            double[] out = new double[floats.length];
            for (int i = 0; i < floats.length; i++) {
                out[i] = floats[i];
            }
            return out;
        }
        scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
        double[] out = new double[seq.length()];
        scala.collection.Iterator<?> numbers = seq.iterator();
        for (int i = 0; i < out.length; i++) {
            Object number = numbers.next();
            out[i] = number == null ? Double.NaN : ((Number) number).doubleValue();
        }
        return out;
    }
}
