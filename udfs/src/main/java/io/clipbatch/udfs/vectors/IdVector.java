package io.clipbatch.udfs.vectors;

import java.io.Serializable;

/** One embedding to deduplicate: a dense id (the row's rank by key) and its unit vector. */
public record IdVector(long id, float[] vector) implements Serializable {
}
