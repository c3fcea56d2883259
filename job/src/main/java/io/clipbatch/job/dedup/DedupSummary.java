package io.clipbatch.job.dedup;

import io.clipbatch.job.Plural;
import io.clipbatch.udfs.vectors.Candidates;
import java.util.Locale;

/** What a dedup run found, as its summary line says it. */
public record DedupSummary(Candidates.Stats stats, long groups, long grouped, double threshold, String blas) {
    /** Rows that are not their group's representative: what deduplicating removes. */
    public long duplicates() {
        return grouped - groups;
    }

    public String line(String output) {
        return String.format(Locale.ROOT,
                "%s compared at threshold %s: %s of %s (%s to drop) written to %s"
                        + " (%d clusters, %.2f per vector, %s, BLAS %s)",
                Plural.of(stats.vectors(), "embedding"), threshold, Plural.of(groups, "group"),
                Plural.of(grouped, "image"), Plural.of(duplicates(), "duplicate"), output,
                stats.clusters(), stats.replication(), Plural.of(stats.tasks(), "comparison task"), blas);
    }
}
