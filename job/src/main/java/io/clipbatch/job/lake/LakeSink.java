package io.clipbatch.job.lake;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One lake table that {@code score --sink delta|iceberg} writes. The rows always arrive as staged
 * Parquet files that {@code score} wrote first (its chunked output): a sink reads them with
 * {@code spark.read().parquet(files)}, never the scoring Dataset, so no image is scored twice
 * however often the format reads its source. Every staged file has the table's columns
 * (see docs/lake.md). The caller removes staged files after the call returns.
 *
 * <p>Every writing method is exactly one commit (one Delta version, one Iceberg snapshot): it is
 * in the table whole or not at all. A commit that loses to a concurrent writer throws a
 * {@link io.clipbatch.udfs.UserError} of one sentence that names the table and says that
 * nothing of this commit was written. No method leaves the table in a state another reader
 * would see as half-written.
 */
public interface LakeSink {
    /** The table as the user named it, for messages. */
    String name();

    /**
     * The table's folder (for a catalog name, where the catalog keeps it or will create it): the run
     * refuses one that holds or lies inside its input.
     */
    String location();

    /** Whether the table exists: it has at least one commit. */
    boolean exists();

    /**
     * A folder on the table's file system, next to the table, where {@code score} writes staged
     * chunks. The format must never read it as table data (nor delete it while a run stages there).
     */
    String stagingRoot();

    /**
     * The current snapshot's rows, only {@code columns}: the format prunes the others, so reading
     * the key and fingerprint columns of a table does not read its embeddings. Requires
     * {@link #exists()}.
     */
    Dataset<Row> read(List<String> columns);

    /**
     * The current snapshot's rows, every column: what {@code search} and {@code dedup} read. Rows that
     * later commits replaced or deleted (Delta deletion vectors, Iceberg delete files) are not among
     * them. Requires {@link #exists()}.
     */
    Dataset<Row> readAll();

    /** The table's properties, the run's {@code clip_batch.*} provenance among them. Requires {@link #exists()}. */
    Map<String, String> properties();

    /**
     * Adds the staged rows in one commit; creates the table from their schema first when it does not
     * exist (the creating commit then holds the rows). The commit sets {@code commit}'s table properties
     * and records its provenance.
     */
    void append(List<String> stagedFiles, LakeCommit commit);

    /**
     * One MERGE commit by {@code keyColumn}: a staged row whose key is in the table replaces that row
     * (all columns), a staged row with a new key is inserted, and each key of {@code deleteKeys}
     * (a Dataset of the one column {@code keyColumn}, maybe empty, cheap to read more than once) is
     * deleted. {@code stagedFiles} may be empty (a commit that only deletes). Staged keys are unique (the caller refuses or drops duplicates). Unchanged rows are not
     * rewritten where the format can avoid it (Delta deletion vectors, Iceberg merge-on-read).
     * Requires {@link #exists()}.
     */
    void merge(List<String> stagedFiles, String keyColumn, Dataset<Row> deleteKeys, LakeCommit commit);

    /**
     * Replaces the table's whole contents by the staged rows in one commit (creating it when absent):
     * readers see the old rows or the new ones, never neither. History stays (time travel works).
     */
    void overwrite(List<String> stagedFiles, LakeCommit commit);
}
