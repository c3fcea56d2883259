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
 * @param clusterSize the members a cluster should have on average when {@code clusters} is 0: k = n / clusterSize,
 *                    so that comparing costs about n × clusterSize dot products, linear in n
 * @param spread     the most clusters a vector is assigned to (the nearest of those the margin rule picks);
 *                   0 applies the margin rule unbounded (every pair found, but the work is unbounded on data
 *                   with crowded borders)
 */
public record DedupSettings(double threshold, int clusters, int cap, long seed, ComponentsMethod components,
        int clusterSize, int spread) implements Serializable {
    public static final int DEFAULT_CAP = 2048;
    public static final int MAX_AUTO_CLUSTERS = 4096;
    public static final int DEFAULT_CLUSTER_SIZE = 1000;
    public static final int DEFAULT_SPREAD = 3;

    public DedupSettings {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new UserError("--threshold must be above 0 and at most 1, not " + threshold);
        }
        UserError.requireAtLeast("--clusters", clusters, 0);
        UserError.requireAtLeast("--cap", cap, 2);
        UserError.requireAtLeast("--cluster-size", clusterSize, 2);
        UserError.requireAtLeast("--spread", spread, 0);
    }

    public static DedupSettings of(double threshold) {
        return new DedupSettings(threshold, 0, DEFAULT_CAP, 42, ComponentsMethod.UNION_FIND, DEFAULT_CLUSTER_SIZE, DEFAULT_SPREAD);
    }

    public DedupSettings withClusters(int count) {
        return new DedupSettings(threshold, count, cap, seed, components, clusterSize, spread);
    }

    public DedupSettings withCap(int blockCap) {
        return new DedupSettings(threshold, clusters, blockCap, seed, components, clusterSize, spread);
    }

    public DedupSettings withComponents(ComponentsMethod method) {
        return new DedupSettings(threshold, clusters, cap, seed, method, clusterSize, spread);
    }

    public DedupSettings withClusterSize(int members) {
        return new DedupSettings(threshold, clusters, cap, seed, components, members, spread);
    }

    /** 0: the margin rule unbounded, every pair guaranteed. */
    public DedupSettings withSpread(int most) {
        return new DedupSettings(threshold, clusters, cap, seed, components, clusterSize, most);
    }

    /**
     * The centres for {@code n} vectors: one when a single block holds them all, else n / clusterSize, so that
     * clusters stay the same size as n grows and comparing stays linear in n (assigning costs n·k dot products,
     * one sgemm a block against the centres, small next to the comparisons up to k of a few thousand),
     * at most {@link #MAX_AUTO_CLUSTERS}.
     */
    public int clustersFor(long n) {
        if (clusters > 0) {
            return (int) Math.max(1, Math.min(clusters, n));
        }
        return n <= cap ? 1 : (int) Math.min(MAX_AUTO_CLUSTERS, Math.max(2, Math.ceil((double) n / clusterSize)));
    }
}
