package io.clipbatch.udfs.vectors;

import java.io.Serializable;

/** One comparison task: block {@code first} against block {@code second} ({@code first ≤ second}) of a cluster. */
public record TaskKey(int cluster, int first, int second) implements Serializable {
    public boolean withinOneBlock() {
        return first == second;
    }
}
