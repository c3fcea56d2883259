package io.clipbatch.job.eval;

/** A count with its noun in the right number, for the reports: "1 template", "2 templates". */
final class Plural {
    private Plural() {}

    /** {@code count} and {@code singular}, or {@code singular + "s"} unless the count is one. */
    static String of(long count, String singular) {
        return of(count, singular, singular + "s");
    }

    static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
