package io.clipbatch.udfs.vectors;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact cosines of one task, by blocked GEMM: every pair at or above the threshold goes to the sink,
 * and only in the lowest cluster both vectors belong to, so a pair that several clusters share is emitted once.
 */
public final class TaskComparison {
    private TaskComparison() {}

    public static void compare(TaskKey task, Iterable<Member> members, BlockPlan plan, float threshold, PairSink sink) {
        List<Member> first = new ArrayList<>();
        List<Member> second = new ArrayList<>();
        for (Member member : members) {
            int block = plan.blockOf(task.cluster(), member.id());
            (block == task.first() ? first : second).add(member);
        }
        if (task.withinOneBlock()) {
            compare(task.cluster(), first, first, threshold, sink);
        } else {
            compare(task.cluster(), first, second, threshold, sink);
        }
    }

    private static void compare(int cluster, List<Member> left, List<Member> right, float threshold, PairSink sink) {
        if (left.isEmpty() || right.isEmpty()) {
            return;
        }
        boolean same = left == right;
        int width = left.get(0).vector().length;
        float[] dots = BlockCosines.times(packed(left, width), left.size(), packed(right, width), right.size(), width);
        int n = right.size();
        for (int i = 0; i < left.size(); i++) {
            Member x = left.get(i);
            for (int j = same ? i + 1 : 0; j < n; j++) {
                float similarity = dots[i * n + j];
                if (similarity >= threshold) {
                    Member y = right.get(j);
                    if (x.lowestSharedCluster(y) == cluster) {
                        sink.accept(Math.min(x.id(), y.id()), Math.max(x.id(), y.id()), similarity);
                    }
                }
            }
        }
    }

    private static float[] packed(List<Member> members, int width) {
        float[] out = new float[members.size() * width];
        for (int i = 0; i < members.size(); i++) {
            System.arraycopy(members.get(i).vector(), 0, out, i * width, width);
        }
        return out;
    }
}
