package io.clipbatch.udfs.vectors;

/** Receives each pair at or above the threshold, once, with {@code a < b}. */
public interface PairSink {
    void accept(long a, long b, float similarity);
}
