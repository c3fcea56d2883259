package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.Arrays;

/** A vector compared by its exact contents (bit for bit), so that identical embeddings meet at one key. */
public final class VectorContent implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] vector;
    private final int hash;

    public VectorContent(float[] vector) {
        this.vector = vector;
        this.hash = Arrays.hashCode(vector);
    }

    public float[] vector() {
        return vector;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VectorContent that && hash == that.hash && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
