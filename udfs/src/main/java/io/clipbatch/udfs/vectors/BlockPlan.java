package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.Map;

/**
 * How clusters larger than the cap are split. A cluster of {@code m} members is cut into
 * {@code ceil(m / cap)} blocks by a hash of the member's id (deterministic, and even in expectation
 * whatever the ids), and every block is compared with itself and with every other block of the cluster,
 * each block pair being one task. So no task compares more than about {@code cap × cap} pairs however
 * many copies of one image arrive, and the split loses no pair: all pairs of the cluster are still compared,
 * only spread over tasks (a member of a split cluster travels to every task of its block).
 */
public final class BlockPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] blocks;

    private BlockPlan(int[] blocks) {
        this.blocks = blocks;
    }

    /** The plan for clusters of the given sizes (cluster id → members), none larger than {@code cap} a block. */
    public static BlockPlan of(Map<Integer, Long> sizes, int clusters, int cap) {
        int[] blocks = new int[clusters];
        for (int c = 0; c < clusters; c++) {
            long size = sizes.getOrDefault(c, 0L);
            blocks[c] = (int) Math.max(1, (size + cap - 1) / cap);
        }
        return new BlockPlan(blocks);
    }

    public int blocksOf(int cluster) {
        return blocks[cluster];
    }

    /** The block of the member {@code id} within {@code cluster}. */
    public int blockOf(int cluster, long id) {
        int n = blocks[cluster];
        return n == 1 ? 0 : (int) Long.remainderUnsigned(mix(id * 0x9E3779B97F4A7C15L + cluster), n);
    }

    /** The tasks a member of {@code cluster} takes part in: its block against each block of the cluster. */
    public TaskKey[] tasksOf(int cluster, long id) {
        int own = blockOf(cluster, id);
        int n = blocks[cluster];
        TaskKey[] tasks = new TaskKey[n];
        for (int other = 0; other < n; other++) {
            tasks[other] = new TaskKey(cluster, Math.min(own, other), Math.max(own, other));
        }
        return tasks;
    }

    /** SplitMix64's finaliser: spreads consecutive ids over the blocks. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
