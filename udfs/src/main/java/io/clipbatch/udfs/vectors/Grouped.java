package io.clipbatch.udfs.vectors;

import java.io.Serializable;

/** A vector in a group of two or more: its group (the smallest id in it) and its best similarity to another. */
public record Grouped(long id, long group, float maxSimilarity) implements Serializable {
}
