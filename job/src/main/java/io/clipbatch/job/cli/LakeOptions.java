package io.clipbatch.job.cli;

import io.clipbatch.job.lake.LakeSettings;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.udfs.UserError;
import picocli.CommandLine.Option;

/** {@code score}'s flags for lake-table sinks ({@code --sink delta|iceberg}); docs/lake.md. */
public final class LakeOptions {
    @Option(names = "--key-column", paramLabel = "NAME",
            description = "The column that identifies an image in the table (default: the path column).")
    String keyColumn;

    @Option(names = "--fingerprint", defaultValue = "listing", paramLabel = "listing|sha256",
            description = "content_fingerprint: size and modification time, or the sha256 of the bytes "
                    + "(default: ${DEFAULT-VALUE}).")
    String fingerprint;

    @Option(names = "--fingerprint-column", paramLabel = "NAME",
            description = "A manifest column that is the content fingerprint (an ETag, a hash): no stat per image.")
    String fingerprintColumn;

    @Option(names = "--dedupe-keys", defaultValue = "error", paramLabel = "error|first",
            description = "An input with a key twice: refuse it, or keep each key's first row (default: ${DEFAULT-VALUE}).")
    String dedupeKeys;

    @Option(names = "--commit-every", defaultValue = "0", paramLabel = "N",
            description = "Chunks per table commit: a killed run loses at most the chunks since the last one; "
                    + "0: one commit (default: ${DEFAULT-VALUE}).")
    int commitEvery;

    @Option(names = "--incremental",
            description = "Score only images that are new, changed, or scored by another model or preprocessing; "
                    + "new classes or templates relabel the stored embeddings.")
    boolean incremental;

    @Option(names = "--delete-missing", description = "With --incremental: delete rows whose key left the input.")
    boolean deleteMissing;

    @Option(names = "--rescore-errors", description = "With --incremental: score again the table's rows with an error.")
    boolean rescoreErrors;

    /** The table settings; {@code resume} is {@code --incremental} on a table. */
    LakeSettings settings(SinkKind sink, boolean resume) {
        return new LakeSettings(sink, keyColumn, LakeSettings.Fingerprint.parse(fingerprint), fingerprintColumn,
                LakeSettings.DuplicateKeys.parse(dedupeKeys), commitEvery, incremental || resume, deleteMissing,
                rescoreErrors);
    }

    /** Refuses a table flag given with {@code --sink parquet}. */
    void refuseWithoutTable() {
        String flag = keyColumn != null ? "--key-column" : fingerprintColumn != null ? "--fingerprint-column"
                : !fingerprint.equals("listing") ? "--fingerprint" : !dedupeKeys.equals("error") ? "--dedupe-keys"
                : commitEvery != 0 ? "--commit-every" : incremental ? "--incremental"
                : deleteMissing ? "--delete-missing" : rescoreErrors ? "--rescore-errors" : null;
        if (flag != null) {
            throw new UserError(flag + " is for table sinks: pass --sink delta or --sink iceberg");
        }
    }
}
