package io.clipbatch.udfs.vectors;

import java.util.HashMap;
import java.util.Map;

/** Disjoint sets over sparse long ids, with path halving; the root of a set is its smallest id. */
public final class UnionFind {
    private final Map<Long, Long> parent = new HashMap<>();

    public long find(long id) {
        long node = id;
        while (true) {
            Long up = parent.get(node);
            if (up == null || up == node) {
                return node;
            }
            Long grand = parent.get(up);
            if (grand.longValue() == up) {
                return up;
            }
            parent.put(node, grand);   // path halving
            node = grand;
        }
    }

    /** Joins the sets of {@code a} and {@code b}; false when they were already one. */
    public boolean union(long a, long b) {
        long ra = find(a);
        long rb = find(b);
        if (ra == rb) {
            return false;
        }
        parent.putIfAbsent(ra, ra);
        parent.putIfAbsent(rb, rb);
        if (ra < rb) {
            parent.put(rb, ra);
        } else {
            parent.put(ra, rb);
        }
        return true;
    }

    /** Every id seen, with its set's root (the smallest id of the set). */
    public Map<Long, Long> roots() {
        Map<Long, Long> out = new HashMap<>();
        for (Long id : parent.keySet()) {
            out.put(id, find(id));
        }
        return out;
    }
}
