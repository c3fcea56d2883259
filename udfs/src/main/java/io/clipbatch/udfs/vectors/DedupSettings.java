package io.clipbatch.udfs.vectors;

import io.clipbatch.udfs.UserError;
import java.io.Serializable;

/**
 * How near-duplicates are searched for.
 *
 * @param threshold  the cosine a pair must reach, in (0, 1]
 * @param clusters   KMeans centres; 0 chooses {@link #clustersFor}
 * @param cap        the most members of a block: larger clusters are split into blocks compared pairwise
 * @param seed       seeds the sample and KMeans, so reruns assign alike
 * @param components how the groups are joined up across partitions
 */
public record DedupSettings(double threshold, int clusters, int cap, long seed, ComponentsMethod components)
        implements Serializable {
    public static final int DEFAULT_CAP = 2048;
    public static final int MAX_AUTO_CLUSTERS = 4096;

    public DedupSettings {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new UserError("--threshold must be above 0 and at most 1, not " + threshold);
        }
        UserError.requireAtLeast("--clusters", clusters, 0);
        UserError.requireAtLeast("--cap", cap, 2);
    }

    public static DedupSettings of(double threshold) {
        return new DedupSettings(threshold, 0, DEFAULT_CAP, 42, ComponentsMethod.UNION_FIND);
    }

    public DedupSettings withClusters(int count) {
        return new DedupSettings(threshold, count, cap, seed, components);
    }

    public DedupSettings withCap(int blockCap) {
        return new DedupSettings(threshold, clusters, blockCap, seed, components);
    }

    public DedupSettings withComponents(ComponentsMethod method) {
        return new DedupSettings(threshold, clusters, cap, seed, method);
    }

    /**
     * The centres for {@code n} vectors: one when a single block holds them all, else about √n (assigning
     * costs n·k dot products and comparing about n·(n/k), which √n balances), at most {@link #MAX_AUTO_CLUSTERS}.
     */
    public int clustersFor(long n) {
        if (clusters > 0) {
            return (int) Math.max(1, Math.min(clusters, n));
        }
        return n <= cap ? 1 : (int) Math.min(MAX_AUTO_CLUSTERS, Math.ceil(Math.sqrt(n)));
    }
}
