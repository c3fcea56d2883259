package io.clipbatch.job.output;

import io.clipbatch.job.RunProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/** The chunks of a {@code score} output that are committed, said in one line when the run ends early. */
final class ChunkProgress implements RunProgress.Report {
    /** Ranges listed before the rest is summed up: chunks commit roughly in order, so a few ranges say most. */
    private static final int RANGES_SHOWN = 8;

    private final ChunkedOutput output;
    private final ChunkPlan plan;
    private final String uri;

    ChunkProgress(ChunkedOutput output, ChunkPlan plan, String uri) {
        this.output = output;
        this.plan = plan;
        this.uri = uri;
    }

    @Override
    public String written() {
        SortedSet<Integer> committed = output.committedChunks();
        if (committed.isEmpty() && !output.exists()) {
            return "nothing was left in " + uri;
        }
        return committed.size() + " of " + plan.chunks() + " chunks committed"
                + (committed.isEmpty() ? "" : " (" + ranges(committed) + ")") + " in " + uri;
    }

    @Override
    public RunProgress.Next next() {
        if (!output.committedChunks().isEmpty()) {
            return RunProgress.Next.RESUME;
        }
        return output.exists() ? RunProgress.Next.OVERWRITE : RunProgress.Next.RERUN;
    }

    /** "0-3, 7, 9-11": consecutive chunk ids as ranges. */
    static String ranges(SortedSet<Integer> chunks) {
        List<String> ranges = new ArrayList<>();
        Integer first = null;
        Integer last = null;
        for (int chunk : chunks) {
            if (last != null && chunk == last + 1) {
                last = chunk;
                continue;
            }
            if (first != null) {
                ranges.add(range(first, last));
            }
            first = chunk;
            last = chunk;
        }
        ranges.add(range(first, last));
        if (ranges.size() <= RANGES_SHOWN) {
            return String.join(", ", ranges);
        }
        return String.join(", ", ranges.subList(0, RANGES_SHOWN)) + ", ... (" + (ranges.size() - RANGES_SHOWN)
                + " more ranges)";
    }

    private static String range(int first, int last) {
        return first == last ? String.valueOf(first) : first + "-" + last;
    }
}
