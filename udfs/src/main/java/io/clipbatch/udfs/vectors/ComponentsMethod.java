package io.clipbatch.udfs.vectors;

/** How the per-partition forests of similar pairs are merged into groups (measured in docs/dedup.md). */
public enum ComponentsMethod {
    /** The partitions' spanning-forest edges collected and joined by one union-find on the driver. */
    UNION_FIND,
    /** GraphX's connected components over the same edges, on the executors. */
    GRAPHX
}
