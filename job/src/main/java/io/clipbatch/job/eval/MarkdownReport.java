package io.clipbatch.job.eval;

import io.clipbatch.job.Plural;
import java.util.List;
import java.util.Locale;

/** {@code report.md}: the same content as the HTML report, as Markdown tables. */
final class MarkdownReport {
    private static final int WEAK_CLASSES_SHOWN = 10;

    private MarkdownReport() {}

    static String render(List<EvalResult> results, Tables tables) {
        if (RetrievalReport.isRetrieval(results)) {
            return "# Zero-shot retrieval\n\n" + RetrievalReport.markdown(results);
        }
        StringBuilder md = new StringBuilder("# Zero-shot evaluation\n\n");
        if (tables != null) {
            md.append("## Reproduction matrix\n\nTop-1 accuracy in %; Δ is ours minus clip_benchmark's (or the paper's "
                    + "where clip_benchmark has none), in points.\n\n").append(tables.markdown()).append('\n');
        }
        md.append("## Runs\n\n| model | dataset | images | errors | classes | templates | acc1 | acc5 | "
                + "mean per-class recall | images/s | ms/image | peak RSS MB | resolution |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EvalResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %s | %s | %s | %.1f | %.2f | %s | %s |\n",
                    r.model(), r.dataset(), r.n(), r.nErrors(), r.classes(), r.templates(), Tables.percent(r.acc1()),
                    Tables.percent(r.acc5()), Tables.percent(r.meanPerClassRecall()), r.imagesPerSecond(),
                    r.msPerImage(), Tables.number(r.peakExecutorRssMb()), r.inputResolution()));
        }
        md.append("\nMetrics in %. Images that could not be read or decoded, and samples without an image or a label, "
                + "are counted as errors and excluded from every metric.\n");
        for (EvalResult r : results) {
            md.append("\n## ").append(r.model()).append(" on ").append(r.dataset()).append("\n\n")
                    .append("- ").append(Plural.of(r.classes(), "class", "classes")).append(" from ")
                    .append(r.classSource()).append("; ").append(Plural.of(r.templates(), "template"))
                    .append(" from ").append(r.templateSource()).append('\n')
                    .append("- predictions: `").append(r.predictions()).append("`\n");
            if (r.nErrors() > 0) {
                md.append("- ").append(Plural.of(r.nErrors(), "image"))
                        .append(" could not be read or decoded (excluded from every metric)\n");
            }
            r.groupAccuracy().forEach(g -> md.append("- ").append(g.line()).append('\n'));
            errors(md, r);
            weakest(md, WeakestClasses.of(r.perClass(), WEAK_CLASSES_SHOWN));
            md.append("\n| true class | predicted | count |\n|---|---|---:|\n");
            r.confusions().stream().limit(10).forEach(c -> md.append("| ").append(c.labelName()).append(" | ")
                    .append(c.predictedName()).append(" | ").append(c.count()).append(" |\n"));
        }
        return md.toString();
    }

    /** The rows with an error, by name: the first ones, the rest counted. */
    private static void errors(StringBuilder md, EvalResult r) {
        if (r.errorRows().isEmpty()) {
            return;
        }
        md.append("\n| image or sample | error |\n|---|---|\n");
        r.errorRows().forEach(e -> md.append("| `").append(e.path()).append("` | ")
                .append(e.error().replace("|", "\\|")).append(" |\n"));
        long more = r.nErrors() - r.errorRows().size();
        if (more > 0) {
            md.append("\n… and ").append(more).append(" more: the rows of the predictions whose `error` is set.\n");
        }
    }

    private static void weakest(StringBuilder md, WeakestClasses weakest) {
        if (weakest.classes().isEmpty()) {
            md.append('\n').append(weakest.note()).append('\n');
            return;
        }
        md.append("\n| weakest class | images | recall | most often taken for |\n|---|---:|---:|---|\n");
        weakest.classes().forEach(c -> md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %s |\n", c.name(),
                c.support(), 100.0 * c.recall(), c.confusedWith() == null ? "—"
                        : c.confusedWithName() + " (" + c.confusedCount() + "×)")));
    }
}
