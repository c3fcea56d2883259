package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one partition's comparisons leave: a spanning forest of its similar pairs (a pair is kept only when
 * it joins two sets of the partition's union-find, so at most one edge a vector however many copies of an
 * image arrive) and each vector's best similarity to another.
 */
public final class PartitionForest implements PairSink, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient UnionFind sets = new UnionFind();
    private final List<Link> edges = new ArrayList<>();
    private final Map<Long, Float> best = new HashMap<>();
    private long pairs;

    @Override
    public void accept(long a, long b, float similarity) {
        pairs++;
        best.merge(a, similarity, Math::max);
        best.merge(b, similarity, Math::max);
        if (sets.union(a, b)) {
            edges.add(new Link(a, b, similarity));
        }
    }

    public List<Link> edges() {
        return edges;
    }

    public Map<Long, Float> best() {
        return best;
    }

    /** Pairs at or above the threshold this partition found. */
    public long pairs() {
        return pairs;
    }
}
