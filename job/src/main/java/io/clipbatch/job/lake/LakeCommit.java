package io.clipbatch.job.lake;

import java.util.Map;

/**
 * What one commit records besides its rows.
 *
 * @param provenanceJson   the run's provenance (the Parquet footer's {@code clip_batch.*} entries as a
 *                         JSON object): the commit's own metadata (Delta {@code userMetadata}, an
 *                         Iceberg snapshot-summary entry)
 * @param tableProperties  set on the table by this commit (created with them; updated on later commits):
 *                         the provenance entries, and the format's own settings
 */
public record LakeCommit(String provenanceJson, Map<String, String> tableProperties) {
    public LakeCommit {
        tableProperties = Map.copyOf(tableProperties);
    }
}
