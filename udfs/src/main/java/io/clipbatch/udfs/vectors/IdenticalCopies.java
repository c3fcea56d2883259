package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids that share one exact vector: the lowest stands for all of them in the comparisons, and each of the
 * others is linked to it with similarity 1. Mutable, so that a flood of m copies is gathered in O(m).
 */
public final class IdenticalCopies implements Serializable {
    private static final long serialVersionUID = 1L;

    private long first = Long.MAX_VALUE;
    private final List<Long> others = new ArrayList<>();

    public IdenticalCopies add(long id) {
        if (id < first) {
            if (first != Long.MAX_VALUE) {
                others.add(first);
            }
            first = id;
        } else {
            others.add(id);
        }
        return this;
    }

    public IdenticalCopies merge(IdenticalCopies other) {
        if (other.first != Long.MAX_VALUE) {
            add(other.first);
        }
        for (long id : other.others) {
            add(id);
        }
        return this;
    }

    /** The id that represents the vector. */
    public long first() {
        return first;
    }

    /** Each other copy joined to the representative at similarity 1. */
    public List<Link> links() {
        List<Link> out = new ArrayList<>(others.size());
        for (long id : others) {
            out.add(new Link(first, id, 1f));
        }
        return out;
    }
}
