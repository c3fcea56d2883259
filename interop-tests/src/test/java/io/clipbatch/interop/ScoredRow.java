package io.clipbatch.interop;

import java.util.List;

/**
 * What a reader saw for one image: its embedding (null for an error row) and error. Float's
 * equals compares bits, so two rows are equal only with exactly the same floats.
 */
record ScoredRow(List<Float> embedding, String error) {}
