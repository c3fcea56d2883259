package io.clipbatch.job.lake;

import io.clipbatch.udfs.UserError;
import java.util.Locale;

/**
 * How {@code score} writes a lake table, as the command line asked.
 *
 * @param sink              the table format
 * @param keyColumn         the column that identifies a row (an image): {@code --key-column}, or null for the
 *                          path column
 * @param fingerprint       how {@code content_fingerprint} is computed
 * @param fingerprintColumn a manifest column that is the fingerprint ({@code --fingerprint-column}), or null
 * @param duplicateKeys     what an input with a key twice does
 * @param commitEvery       chunks per table commit; 0: one commit for the whole run
 * @param incremental       score only what the table lacks or holds out of date ({@code --incremental}, {@code --resume})
 * @param deleteMissing     delete the table's rows whose key is no longer in the input
 * @param rescoreErrors     score again the table's rows that have an {@code error}
 */
public record LakeSettings(SinkKind sink, String keyColumn, Fingerprint fingerprint, String fingerprintColumn,
                           DuplicateKeys duplicateKeys, int commitEvery, boolean incremental, boolean deleteMissing,
                           boolean rescoreErrors) {

    /** {@code --fingerprint}: what {@code content_fingerprint} holds when no column gives it. */
    public enum Fingerprint {
        /** Size and modification time: from the folder listing, or one file-system stat per manifest row. */
        LISTING,
        /** The sha256 of the image's bytes: every image is read. */
        SHA256;

        public static Fingerprint parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "listing" -> LISTING;
                case "sha256" -> SHA256;
                default -> throw new UserError("--fingerprint must be listing or sha256, not '" + text + "'");
            };
        }
    }

    /** {@code --dedupe-keys}: refuse an input with a key twice, or keep the first row of each key. */
    public enum DuplicateKeys {
        ERROR, FIRST;

        public static DuplicateKeys parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "error" -> ERROR;
                case "first" -> FIRST;
                default -> throw new UserError("--dedupe-keys must be error or first, not '" + text + "'");
            };
        }
    }

    /** Checked where the command line builds it, before Spark starts. */
    public LakeSettings {
        UserError.requireAtLeast("--commit-every", commitEvery, 0);
        if (deleteMissing && !incremental) {
            throw new UserError("--delete-missing needs --incremental");
        }
        if (rescoreErrors && !incremental) {
            throw new UserError("--rescore-errors needs --incremental");
        }
        if (fingerprintColumn != null && fingerprint == Fingerprint.SHA256) {
            throw new UserError("--fingerprint sha256 and --fingerprint-column exclude each other");
        }
    }
}
