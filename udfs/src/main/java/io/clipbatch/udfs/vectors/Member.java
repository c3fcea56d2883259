package io.clipbatch.udfs.vectors;

import java.io.Serializable;

/**
 * A vector with every cluster it was assigned to, in ascending order: the list lets a pair compared
 * in several clusters be emitted in just one of them (the lowest cluster both belong to).
 */
public record Member(long id, float[] vector, int[] clusters) implements Serializable {

    /** The lowest cluster both members belong to (both lists ascending), or -1 when they share none. */
    public int lowestSharedCluster(Member other) {
        int i = 0;
        int j = 0;
        while (i < clusters.length && j < other.clusters.length) {
            if (clusters[i] == other.clusters[j]) {
                return clusters[i];
            }
            if (clusters[i] < other.clusters[j]) {
                i++;
            } else {
                j++;
            }
        }
        return -1;
    }
}
