package io.clipbatch.udfs.vectors;

import java.io.Serializable;

/** A pair at or above the threshold, {@code a < b}. */
public record Link(long a, long b, float similarity) implements Serializable {
}
