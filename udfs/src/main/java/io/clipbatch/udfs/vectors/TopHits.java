package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best {@code k} hits of every query seen so far: one bounded heap per query whose head is its
 * worst hit, so that a better one replaces it in {@code O(log k)}. Partitions each fill one; the
 * driver merges them.
 */
public final class TopHits implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int k;
    private final List<PriorityQueue<Hit>> heaps;
    private long rowsSeen;

    public TopHits(int queries, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
        this.heaps = new ArrayList<>(queries);
        for (int q = 0; q < queries; q++) {
            heaps.add(new PriorityQueue<>(k + 1, Hit.WORST_FIRST));
        }
    }

    public int queries() {
        return heaps.size();
    }

    /** Counts a searched row, for the summary. */
    void countRow() {
        rowsSeen++;
    }

    /** How many stored rows were compared with the queries. */
    public long rowsSeen() {
        return rowsSeen;
    }

    /** True when query {@code q} has {@code k} hits, so that only a better one gets in. */
    public boolean full(int q) {
        return heaps.get(q).size() == k;
    }

    /** The score of query {@code q}'s worst kept hit; meaningful when {@link #full}. */
    public float worstScore(int q) {
        return heaps.get(q).peek().score();
    }

    /** Keeps {@code hit} for query {@code q} if it is among the best {@code k}; says whether it was. */
    public boolean offer(int q, Hit hit) {
        PriorityQueue<Hit> heap = heaps.get(q);
        if (heap.size() < k) {
            heap.add(hit);
            return true;
        }
        if (Hit.BEST_FIRST.compare(hit, heap.peek()) < 0) {
            heap.poll();
            heap.add(hit);
            return true;
        }
        return false;
    }

    /** This, with the hits of {@code other} (the same queries) offered to it. */
    public TopHits merge(TopHits other) {
        rowsSeen += other.rowsSeen;
        for (int q = 0; q < heaps.size(); q++) {
            for (Hit hit : other.heaps.get(q)) {
                offer(q, hit);
            }
        }
        return this;
    }

    /** Query {@code q}'s hits, best first. */
    public List<Hit> ranked(int q) {
        List<Hit> hits = new ArrayList<>(heaps.get(q));
        hits.sort(Hit.BEST_FIRST);
        return hits;
    }
}
