package io.clipbatch.job.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reproduction matrix: a row per model, a column per dataset; each cell our top-1 accuracy,
 * the paper's, clip_benchmark's and our delta (to the --protocol's figure, see
 * {@link PublishedNumbers.Reference#delta}), all in percent. Each row ends with the model's cost over all its datasets.
 */
public final class Tables {
    /** One model's row. */
    public record ModelRow(String model, String resolution, double imagesPerSecond, double msPerImage,
                           Double peakRssMb, String reference) {
    }

    private final List<ModelRow> models;
    private final List<String> datasets;
    private final Map<String, EvalResult> cells;
    private final List<EvalResult> results;

    private Tables(List<ModelRow> models, List<String> datasets, Map<String, EvalResult> cells,
                   List<EvalResult> results) {
        this.models = models;
        this.datasets = datasets;
        this.cells = cells;
        this.results = results;
    }

    public static Tables of(List<EvalResult> results) {
        Map<String, List<EvalResult>> byModel = new LinkedHashMap<>();
        List<String> datasets = new ArrayList<>();
        Map<String, EvalResult> cells = new LinkedHashMap<>();
        for (EvalResult result : results) {
            byModel.computeIfAbsent(result.model(), k -> new ArrayList<>()).add(result);
            if (!datasets.contains(result.dataset())) {
                datasets.add(result.dataset());
            }
            cells.put(key(result.model(), result.dataset()), result);
        }
        List<ModelRow> models = new ArrayList<>();
        byModel.forEach((model, rows) -> models.add(modelRow(model, rows)));
        return new Tables(models, datasets, cells, results);
    }

    private static ModelRow modelRow(String model, List<EvalResult> rows) {
        double wall = rows.stream().mapToDouble(EvalResult::wallSeconds).sum();
        long images = rows.stream().mapToLong(r -> r.n() + r.nErrors()).sum();
        Double peak = rows.stream().map(EvalResult::peakExecutorRssMb).filter(p -> p != null)
                .max(Double::compare).orElse(null);
        String reference = rows.stream().map(r -> r.reference() == null ? null : r.reference().model())
                .filter(r -> r != null).findFirst().orElse(null);
        return new ModelRow(model, rows.get(0).inputResolution(), wall > 0 ? images / wall : 0,
                images > 0 ? 1000 * wall / images : 0, peak, reference);
    }

    public List<ModelRow> models() {
        return models;
    }

    public List<String> datasets() {
        return datasets;
    }

    /** The result of a model on a dataset, or null. */
    public EvalResult cell(String model, String dataset) {
        return cells.get(key(model, dataset));
    }

    /** The matrix as fixed-width text (what {@code tables} prints). */
    public String text() {
        if (RetrievalReport.isRetrieval(results)) {
            return RetrievalReport.text(results);
        }
        int modelWidth = Math.max(5, models.stream().mapToInt(m -> m.model().length()).max().orElse(5));
        StringBuilder out = new StringBuilder();
        StringBuilder head = new StringBuilder(pad("", modelWidth));
        StringBuilder sub = new StringBuilder(pad("model", modelWidth));
        for (String dataset : datasets) {
            head.append(" | ").append(pad(dataset, 27));
            sub.append(" | ").append(String.format(Locale.ROOT, "%6s %6s %6s %6s", "acc1", "paper", "c_b", "delta"));
        }
        head.append(" | cost");
        sub.append(" | ").append(String.format(Locale.ROOT, "%5s %8s %8s %9s", "res", "img/s", "ms/img", "peak MB"));
        out.append(head).append('\n').append(sub).append('\n');
        out.append("-".repeat(sub.length())).append('\n');
        for (ModelRow model : models) {
            out.append(pad(model.model(), modelWidth));
            for (String dataset : datasets) {
                EvalResult r = cell(model.model(), dataset);
                out.append(" | ").append(r == null ? pad("", 27) : String.format(Locale.ROOT, "%6s %6s %6s %6s",
                        percent(r.acc1()), number(r.reference() == null ? null : r.reference().paper()),
                        number(r.reference() == null ? null : r.reference().clipBenchmark()), signed(r.deltaAcc1())));
            }
            out.append(" | ").append(String.format(Locale.ROOT, "%5s %8.1f %8.2f %9s", model.resolution(),
                    model.imagesPerSecond(), model.msPerImage(), number(model.peakRssMb())));
            out.append('\n');
        }
        out.append("acc1, paper, c_b (clip_benchmark) in %; delta = acc1 - c_b (- paper under --protocol openai; "
                + "the other when that one is unknown), "
                + "in points; images that failed to decode are excluded.\n");
        return out.toString();
    }

    /** The matrix as a Markdown table. */
    public String markdown() {
        if (RetrievalReport.isRetrieval(results)) {
            return RetrievalReport.markdown(results);
        }
        StringBuilder out = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String dataset : datasets) {
            out.append(' ').append(dataset).append(" acc1 | paper | clip_benchmark | Δ |");
            rule.append("---:|---:|---:|---:|");
        }
        out.append(" resolution | images/s | ms/image | peak RSS MB |\n");
        rule.append("---:|---:|---:|---:|\n");
        out.append(rule);
        for (ModelRow model : models) {
            out.append("| ").append(model.model()).append(" |");
            for (String dataset : datasets) {
                EvalResult r = cell(model.model(), dataset);
                if (r == null) {
                    out.append(" | | | |");
                    continue;
                }
                out.append(" **").append(percent(r.acc1())).append("** | ")
                        .append(number(r.reference() == null ? null : r.reference().paper())).append(" | ")
                        .append(number(r.reference() == null ? null : r.reference().clipBenchmark())).append(" | ")
                        .append(signed(r.deltaAcc1())).append(" |");
            }
            out.append(String.format(Locale.ROOT, " %s | %.1f | %.2f | %s |\n", model.resolution(),
                    model.imagesPerSecond(), model.msPerImage(), number(model.peakRssMb())));
        }
        return out.toString();
    }

    /** One map per cell, for {@code tables.json}. */
    public List<Map<String, Object>> cellsJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelRow model : models) {
            for (String dataset : datasets) {
                EvalResult r = cell(model.model(), dataset);
                if (r == null) {
                    continue;
                }
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("model", model.model());
                cell.put("dataset", dataset);
                cell.put("acc1_percent", r.acc1() == null ? null : Math.round(r.acc1() * 10000.0) / 100.0);
                cell.put("reference_model", r.reference() == null ? null : r.reference().model());
                cell.put("paper_acc1", r.reference() == null ? null : r.reference().paper());
                cell.put("clip_benchmark_acc1", r.reference() == null ? null : r.reference().clipBenchmark());
                cell.put("delta_acc1", r.deltaAcc1());
                cell.put("images_per_s", Math.round(r.imagesPerSecond() * 100) / 100.0);
                cell.put("ms_per_image", Math.round(r.msPerImage() * 1000) / 1000.0);
                cell.put("peak_executor_rss_mb", r.peakExecutorRssMb());
                cell.put("input_resolution", r.inputResolution());
                if (r.retrieval() != null) {
                    r.retrieval().byName().forEach((name, value) -> cell.put(name + "_percent",
                            value == null ? null : Math.round(value * 10000.0) / 100.0));
                    cell.put("paper_retrieval", r.retrievalReference() == null ? null : r.retrievalReference().paper());
                }
                out.add(cell);
            }
        }
        return out;
    }

    static String percent(Float fraction) {
        return fraction == null ? "—" : String.format(Locale.ROOT, "%.2f", 100.0 * fraction);
    }

    static String number(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String signed(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%+.2f", value);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String key(String model, String dataset) {
        return model + "\u0000" + dataset;
    }
}
