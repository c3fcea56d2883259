package io.clipbatch.job.eval;

import static io.clipbatch.job.eval.Svg.escape;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retrieval runs in the terminal, {@code report.md}, {@code report.html} and {@code tables.*}:
 * a row per model and dataset with the six recalls, and beneath it the published figures where
 * they exist (the CLIP paper's; clip_benchmark's are not carried).
 */
final class RetrievalReport {
    static final String NOTE = "Recall in %. image retrieval: a caption finds its image among all images; text "
            + "retrieval: an image finds one of its captions among all captions (clip_benchmark's recall@k). Ties go to "
            + "the lower index. Samples that failed to decode or have no captions are errors, excluded with their "
            + "captions.";

    private RetrievalReport() {}

    static boolean isRetrieval(List<EvalResult> results) {
        return !results.isEmpty() && results.stream().allMatch(r -> r.retrieval() != null);
    }

    /** The fixed-width table (what {@code eval} and {@code tables} print). */
    static String text(List<EvalResult> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-14s %7s %8s %6s | %-20s | %-20s | %9s%n",
                "", "", "", "", "", "image retrieval", "text retrieval", ""));
        out.append(String.format(Locale.ROOT, "%-24s %-14s %7s %8s %6s | %6s %6s %6s | %6s %6s %6s | %9s%n", "model",
                "dataset", "images", "captions", "errors", "R@1", "R@5", "R@10", "R@1", "R@5", "R@10", "images/s"));
        for (EvalResult r : results) {
            out.append(String.format(Locale.ROOT, "%-24s %-14s %7d %8d %6d | %s | %s | %9.1f%n", r.model(), r.dataset(),
                    r.n(), r.retrieval().captions(), r.nErrors(), recalls(r, "image", "%6s %6s %6s"),
                    recalls(r, "text", "%6s %6s %6s"), r.imagesPerSecond()));
            Map<String, Double> paper = paper(r);
            if (paper != null) {
                out.append(String.format(Locale.ROOT, "%-24s %-14s %7s %8s %6s | %s | %s |%n",
                        "  paper (" + r.retrievalReference().model() + ")", "", "", "", "", published(paper, "image",
                                "%6s %6s %6s"), published(paper, "text", "%6s %6s %6s")));
            }
        }
        return out.append(NOTE).append('\n').toString();
    }

    static String markdown(List<EvalResult> results) {
        StringBuilder md = new StringBuilder("| model | dataset | images | captions | errors | image R@1 | image R@5 | "
                + "image R@10 | text R@1 | text R@5 | text R@10 | images/s |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EvalResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %.1f |\n", r.model(), r.dataset(),
                    r.n(), r.retrieval().captions(), r.nErrors(), recalls(r, "image", "%s | %s | %s"),
                    recalls(r, "text", "%s | %s | %s"), r.imagesPerSecond()));
            Map<String, Double> paper = paper(r);
            if (paper != null) {
                md.append(String.format(Locale.ROOT, "| paper (%s) | %s | | | | %s | %s | |\n",
                        r.retrievalReference().model(), r.dataset(), published(paper, "image", "%s | %s | %s"),
                        published(paper, "text", "%s | %s | %s")));
            }
        }
        return md.append('\n').append(NOTE).append('\n').toString();
    }

    static String html(List<EvalResult> results) {
        StringBuilder html = new StringBuilder("<section><h2>Zero-shot retrieval</h2><table><thead><tr><th>model</th>"
                + "<th class=\"l\">dataset</th><th>images</th><th>captions</th><th>errors</th><th>image R@1</th>"
                + "<th>image R@5</th><th>image R@10</th><th>text R@1</th><th>text R@5</th><th>text R@10</th>"
                + "<th>images/s</th></tr></thead><tbody>");
        for (EvalResult r : results) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"l\">%s</td><td>%,d</td><td>%,d</td>"
                    + "<td>%d</td><td><b>%s</b></td><td>%s</td><td>%s</td><td><b>%s</b></td><td>%s</td><td>%s</td>"
                    + "<td>%.1f</td></tr>", escape(r.model()), escape(r.dataset()), r.n(), r.retrieval().captions(),
                    r.nErrors(), pct(r, "image_retrieval_recall@1"), pct(r, "image_retrieval_recall@5"),
                    pct(r, "image_retrieval_recall@10"), pct(r, "text_retrieval_recall@1"),
                    pct(r, "text_retrieval_recall@5"), pct(r, "text_retrieval_recall@10"), r.imagesPerSecond()));
            Map<String, Double> paper = paper(r);
            if (paper != null) {
                html.append("<tr class=\"muted\"><td>paper (").append(escape(r.retrievalReference().model()))
                        .append(")</td><td class=\"l\">").append(escape(r.dataset())).append("</td><td></td><td></td><td></td>");
                RetrievalRecall.names().forEach(name -> html.append("<td>").append(Tables.number(paper.get(name)))
                        .append("</td>"));
                html.append("<td></td></tr>");
            }
        }
        return html.append("</tbody></table><p class=\"note\">").append(escape(NOTE)).append("</p></section>\n").toString();
    }

    private static Map<String, Double> paper(EvalResult r) {
        return r.retrievalReference() == null ? null : r.retrievalReference().paper();
    }

    private static String pct(EvalResult r, String name) {
        return Tables.percent(r.retrieval().byName().get(name));
    }

    private static String recalls(EvalResult r, String direction, String format) {
        String prefix = direction + "_retrieval_recall@";
        return String.format(Locale.ROOT, format, pct(r, prefix + 1), pct(r, prefix + 5), pct(r, prefix + 10));
    }

    private static String published(Map<String, Double> figures, String direction, String format) {
        String prefix = direction + "_retrieval_recall@";
        return String.format(Locale.ROOT, format, Tables.number(figures.get(prefix + 1)),
                Tables.number(figures.get(prefix + 5)), Tables.number(figures.get(prefix + 10)));
    }
}
