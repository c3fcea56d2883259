package io.clipbatch.job.eval;

import io.clipbatch.job.Plural;
import static io.clipbatch.job.eval.Svg.escape;

import io.clipbatch.job.ClipBatchVersion;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, nothing fetched)
 * with the matrix against the published figures, the headline metrics and cost of every run, and
 * per run the sorted per-class recall, the worst confusions and the weakest classes.
 */
final class HtmlReport {
    private static final int CONFUSIONS_SHOWN = 10;
    private static final int WEAK_CLASSES_SHOWN = 10;

    private HtmlReport() {}

    static String render(List<EvalResult> results, Tables tables) {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>clip-batch zero-shot report</title><style>").append(CSS).append("</style></head><body>\n");
        html.append("<header><h1>Zero-shot evaluation</h1><p class=\"sub\">clip-batch ")
                .append(escape(ClipBatchVersion.current())).append(" · metrics as clip_benchmark defines them · ")
                .append(Plural.of(results.size(), "run")).append("</p></header>\n");
        if (RetrievalReport.isRetrieval(results)) {
            return html.append(RetrievalReport.html(results)).append("</body></html>\n").toString();
        }
        if (tables != null) {
            matrix(html, tables);
        }
        summary(html, results);
        if (results.stream().map(EvalResult::model).distinct().count() > 1) {
            html.append("<section><h2>Accuracy against cost</h2>").append(Svg.accuracyVersusCost(costPoints(results)))
                    .append("<p class=\"note\">Mean top-1 accuracy over the datasets against the model's milliseconds "
                            + "per image over all of them (the first dataset includes loading the model).</p></section>\n");
        }
        for (EvalResult result : results) {
            run(html, result);
        }
        html.append("<footer>acc1 / acc5: share of images whose label is the top-1 / among the top-5 predictions "
                + "(acc5 undefined below 5 classes). Mean per-class recall: the mean over the classes present in "
                + "the labels (sklearn's balanced accuracy). Ties go to the lower class index. Images that failed "
                + "to decode are counted as errors and excluded from every metric. Cost: images/s and ms/image "
                + "over the scoring stage's wall time on the whole cluster; peak RSS is the largest executor "
                + "process's resident memory seen while scoring (in local mode, the driver's JVM).</footer>\n");
        return html.append("</body></html>\n").toString();
    }

    private static void matrix(StringBuilder html, Tables tables) {
        html.append("<section><h2>Reproduction matrix</h2><table class=\"matrix\"><thead><tr><th>model</th>");
        for (String dataset : tables.datasets()) {
            html.append("<th>").append(escape(dataset)).append("</th>");
        }
        html.append("<th>resolution</th><th>images/s</th><th>ms/image</th><th>peak RSS</th></tr></thead><tbody>");
        for (Tables.ModelRow model : tables.models()) {
            html.append("<tr><th>").append(escape(model.model()));
            if (model.reference() != null) {
                html.append("<div class=\"muted\">as ").append(escape(model.reference())).append("</div>");
            }
            html.append("</th>");
            for (String dataset : tables.datasets()) {
                EvalResult r = tables.cell(model.model(), dataset);
                if (r == null) {
                    html.append("<td></td>");
                    continue;
                }
                Double delta = r.deltaAcc1();
                html.append("<td class=\"").append(deltaClass(delta)).append("\"><div class=\"big\">")
                        .append(Tables.percent(r.acc1())).append("</div>");
                if (r.reference() == null) {
                    html.append("<div class=\"muted\">no published figure</div></td>");
                    continue;
                }
                html.append("<div class=\"muted\">paper ").append(Tables.number(r.reference().paper()))
                        .append(" · clip_benchmark ").append(Tables.number(r.reference().clipBenchmark()))
                        .append("</div><div class=\"delta\">Δ ").append(Tables.signed(delta)).append("</div></td>");
            }
            html.append(String.format(Locale.ROOT, "<td>%s px</td><td>%.1f</td><td>%.2f</td><td>%s</td></tr>",
                    escape(model.resolution()), model.imagesPerSecond(), model.msPerImage(), mb(model.peakRssMb())));
        }
        html.append("</tbody></table><p class=\"note\">Top-1 accuracy in %. Δ: ours minus clip_benchmark's "
                + "(or the paper's where clip_benchmark has none), in points.</p></section>\n");
    }

    private static List<Svg.CostPoint> costPoints(List<EvalResult> results) {
        return Tables.of(results).models().stream().map(m -> new Svg.CostPoint(m.model(), m.msPerImage(),
                results.stream().filter(r -> r.model().equals(m.model()) && r.acc1() != null)
                        .mapToDouble(EvalResult::acc1).average().orElse(0))).toList();
    }

    private static void summary(StringBuilder html, List<EvalResult> results) {
        html.append("<section><h2>Runs</h2><table><thead><tr><th>model</th><th class=\"l\">dataset</th><th>images</th>"
                + "<th>errors</th><th>classes</th><th>templates</th><th>acc1</th><th>acc5</th>"
                + "<th>mean per-class recall</th><th>images/s</th><th>ms/image</th><th>peak RSS</th>"
                + "<th>resolution</th></tr></thead><tbody>");
        for (EvalResult r : results) {
            html.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td class=\"l\">%s</td><td>%,d</td><td>%s</td><td>%d</td><td>%d</td><td><b>%s</b></td><td>%s</td>"
                            + "<td>%s</td><td>%.1f</td><td>%.2f</td><td>%s</td><td>%s px</td></tr>",
                    escape(r.model()), escape(r.dataset()), r.n(), r.nErrors() > 0
                            ? "<span class=\"warn\">" + r.nErrors() + "</span>" : "0",
                    r.classes(), r.templates(), Tables.percent(r.acc1()), Tables.percent(r.acc5()),
                    Tables.percent(r.meanPerClassRecall()), r.imagesPerSecond(), r.msPerImage(),
                    mb(r.peakExecutorRssMb()), escape(r.inputResolution())));
        }
        html.append("</tbody></table><p class=\"note\">Metrics in %.</p></section>\n");
    }

    private static void run(StringBuilder html, EvalResult r) {
        html.append("<section class=\"run\"><h2>").append(escape(r.model())).append(" <span class=\"on\">on</span> ")
                .append(escape(r.dataset())).append("</h2>");
        html.append("<div class=\"cards\">")
                .append(card("acc1", Tables.percent(r.acc1()) + "%", reference(r)))
                .append(card("acc5", r.acc5() == null ? "—" : Tables.percent(r.acc5()) + "%",
                        r.acc5() == null ? "fewer than 5 classes" : "top-5"))
                .append(card("mean per-class recall", Tables.percent(r.meanPerClassRecall()) + "%", "balanced accuracy"))
                .append(card("images", String.format(Locale.ROOT, "%,d", r.n()), r.nErrors() == 0 ? "no decode errors"
                        : r.nErrors() + " failed to decode, excluded"))
                .append(card("throughput", String.format(Locale.ROOT, "%.1f/s", r.imagesPerSecond()),
                        String.format(Locale.ROOT, "%.2f ms/image · %s px · peak %s", r.msPerImage(), r.inputResolution(),
                                mb(r.peakExecutorRssMb()))))
                .append("</div>");
        html.append("<p class=\"meta\">").append(Plural.of(r.classes(), "class", "classes")).append(" from ")
                .append(escape(r.classSource())).append(" · ").append(Plural.of(r.templates(), "template"))
                .append(" from ").append(escape(r.templateSource())).append(" · ").append(escape(r.format()))
                .append(" layout · members: ").append(escape(String.join(", ", r.members()))).append("</p>");
        groups(html, r.groupAccuracy());
        html.append("<h3>Per-class recall, sorted</h3>").append(Svg.recallBars(r.perClass(), r.meanPerClassRecall()));
        html.append("<h3>Worst confusions</h3>").append(Svg.confusionBars(r.confusions(), CONFUSIONS_SHOWN));
        weakest(html, r);
        html.append("</section>\n");
    }

    /** Top-1 per {@code --class-groups} group, e.g. on the classes seen and held out in training. */
    private static void groups(StringBuilder html, List<ClassGroups.Accuracy> groups) {
        if (groups.isEmpty()) {
            return;
        }
        html.append("<h3>Top-1 by class group</h3><table><thead><tr><th>group</th><th>images</th><th>correct</th>"
                + "<th>acc1</th></tr></thead><tbody>");
        for (ClassGroups.Accuracy g : groups) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,d</td><td><b>%s%%</b></td></tr>",
                    escape(g.group()), g.n(), g.correct(), Tables.percent(g.acc1())));
        }
        html.append("</tbody></table>");
    }

    private static void weakest(StringBuilder html, EvalResult r) {
        WeakestClasses weakest = WeakestClasses.of(r.perClass(), WEAK_CLASSES_SHOWN);
        html.append("<h3>Weakest classes</h3>");
        if (weakest.classes().isEmpty()) {
            html.append("<p class=\"meta\">").append(escape(weakest.note())).append("</p>");
            return;
        }
        html.append("<table><thead><tr><th>class</th><th>images</th><th>recall</th>"
                + "<th class=\"l\">most often taken for</th></tr></thead><tbody>");
        for (Metrics.ClassRecall c : weakest.classes()) {
            html.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%d</td><td><span class=\"dot\" style=\"background:%s\"></span>%.1f%%</td><td class=\"l\">%s</td></tr>",
                    escape(c.name()), c.support(), Svg.color(c.recall()), 100.0 * c.recall(),
                    c.confusedWith() == null ? "—" : escape(c.confusedWithName()) + " <span class=\"muted\">("
                            + c.confusedCount() + "×)</span>"));
        }
        html.append("</tbody></table>");
    }

    private static String reference(EvalResult r) {
        if (r.reference() == null) {
            return "no published figure";
        }
        return "paper " + Tables.number(r.reference().paper()) + " · c_b "
                + Tables.number(r.reference().clipBenchmark()) + " · Δ " + Tables.signed(r.deltaAcc1());
    }

    private static String card(String title, String value, String note) {
        return "<div class=\"card\"><div class=\"label\">" + escape(title) + "</div><div class=\"value\">"
                + escape(value) + "</div><div class=\"muted\">" + escape(note) + "</div></div>";
    }

    private static String mb(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%,.0f MB", value);
    }

    private static String deltaClass(Double delta) {
        if (delta == null) {
            return "cell";
        }
        double size = Math.abs(delta);
        return size <= 1 ? "cell good" : size <= 3 ? "cell fair" : "cell off";
    }

    private static final String CSS = String.join("",
            "body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2937;margin:0;",
            "background:#f6f7f9;line-height:1.4}",
            "header{background:#1f2937;color:#fff;padding:22px 36px}header h1{margin:0;font-size:26px;font-weight:600}",
            ".sub{margin:4px 0 0;color:#cbd5e1;font-size:14px}",
            "section{background:#fff;margin:18px 36px;padding:18px 24px;border-radius:10px;",
            "box-shadow:0 1px 3px rgba(0,0,0,.08)}",
            "h2{font-size:19px;margin:0 0 12px;font-weight:600}h2 .on{color:#6b7280;font-weight:400}",
            "h3{font-size:14px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280;margin:20px 0 8px}",
            "table{border-collapse:collapse;width:100%;font-size:13px}",
            "th,td{padding:6px 8px;border-bottom:1px solid #eef0f3;text-align:right}",
            "th:first-child,td:first-child,.l{text-align:left}",
            "thead th{color:#6b7280;font-weight:600;background:#fafbfc}",
            ".matrix td,.matrix th{text-align:center}.matrix tbody th{text-align:left}",
            ".matrix .big{font-size:20px;font-weight:600}.delta{font-size:12px;font-weight:600}",
            ".good{background:#e9f7ef}.fair{background:#fff6e0}.off{background:#fdecea}",
            ".cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:8px}",
            ".card{flex:1 1 150px;border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px}",
            ".card .label{font-size:12px;color:#6b7280;text-transform:uppercase;letter-spacing:.04em}",
            ".card .value{font-size:26px;font-weight:600;margin:2px 0}",
            ".muted{color:#6b7280;font-size:12px}.meta{color:#4b5563;font-size:13px}.note{color:#6b7280;font-size:12px}",
            ".warn{color:#b45309;font-weight:600}",
            ".dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}",
            "footer{margin:18px 36px 30px;color:#6b7280;font-size:12px}");
}
