package io.clipbatch.udfs.partition;

import java.io.Serializable;

/**
 * One model of an ensemble.
 *
 * @param name      its name in the output's {@code member_embeddings}
 * @param bundleDir its bundle, a directory every executor can read
 * @param weight    its share of the ensemble's probabilities (weights need not sum to 1)
 */
public record EnsembleMember(String name, String bundleDir, float weight) implements Serializable {
    public EnsembleMember {
        if (!(weight > 0) || Float.isInfinite(weight)) {
            throw new IllegalArgumentException("ensemble member " + name + " needs a positive weight, not " + weight);
        }
    }
}
