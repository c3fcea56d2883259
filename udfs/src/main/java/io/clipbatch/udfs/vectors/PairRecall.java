package io.clipbatch.udfs.vectors;

import java.util.Collection;
import java.util.Map;

/**
 * Found pairs against the exact ones: recall is the share of exact pairs found, precision the share of
 * found pairs that are exact.
 */
public record PairRecall(long exact, long found, long correct) {

    /** {@code exact} from {@link ExactPairs} over {@code n} vectors whose ids are their indexes. */
    public static PairRecall of(Map<Long, Float> exact, Collection<Link> found, int n) {
        long correct = found.stream().filter(link -> exact.containsKey(link.a() * n + link.b())).count();
        return new PairRecall(exact.size(), found.size(), correct);
    }

    public double recall() {
        return exact == 0 ? 1 : (double) correct / exact;
    }

    public double precision() {
        return found == 0 ? 1 : (double) correct / found;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d exact pairs, %d found, recall %.4f, precision %.4f",
                exact, found, recall(), precision());
    }
}
