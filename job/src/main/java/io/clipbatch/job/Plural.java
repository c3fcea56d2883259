package io.clipbatch.job;

/** A count with its noun in the right number, for reports and summaries: "1 template", "2 templates". */
public final class Plural {
    private Plural() {}

    /** {@code count} and {@code singular}, or {@code singular + "s"} unless the count is one. */
    public static String of(long count, String singular) {
        return of(count, singular, singular + "s");
    }

    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
