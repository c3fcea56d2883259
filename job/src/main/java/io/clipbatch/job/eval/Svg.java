package io.clipbatch.job.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report's inline SVG charts: plain strings, no scripts, no external resources. */
final class Svg {
    private static final String FONT = "font-family=\"-apple-system,Segoe UI,Helvetica,Arial,sans-serif\"";

    private Svg() {}

    /** Per-class recall, best to worst, one bar per class that has images; the mean as a dashed line. */
    static String recallBars(List<Metrics.ClassRecall> perClass, Float mean) {
        List<Metrics.ClassRecall> present = new ArrayList<>(perClass.stream().filter(c -> c.recall() != null).toList());
        present.sort(Comparator.comparing(Metrics.ClassRecall::recall).reversed()
                .thenComparing(Metrics.ClassRecall::index));
        boolean named = present.size() <= 40;
        int width = 960;
        int left = 44;
        int top = 14;
        int plotW = width - left - 16;
        int plotH = 180;
        int height = top + plotH + (named ? 86 : 30);
        StringBuilder svg = open(width, height, "Per-class recall, sorted");
        axisY(svg, left, top, plotW, plotH);
        // Few classes: bars of at most 56 px with their values; many: one thin bar each, edge to edge.
        double step = present.isEmpty() ? plotW : Math.min(64, (double) plotW / present.size());
        double gap = step > 6 ? Math.min(8, step * 0.2) : 0;
        for (int i = 0; i < present.size(); i++) {
            Metrics.ClassRecall c = present.get(i);
            double h = plotH * c.recall();
            double x = left + i * step;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"%s\" fill=\"%s\"><title>%s: recall %.3f (%d of %d)</title></rect>",
                    x + gap / 2, top + plotH - Math.max(h, 1.5), Math.max(0.5, step - gap), Math.max(h, 1.5),
                    step > 12 ? "2" : "0", color(c.recall()), escape(c.name()), c.recall(), c.correct(), c.support()));
            if (named) {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#374151\" text-anchor=\"middle\" %s>%.0f%%</text>",
                        x + step / 2, top + plotH - Math.max(h, 1.5) - 4, FONT, 100.0 * c.recall()));
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#444\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %d)\" %s>%s</text>",
                        x + step / 2, top + plotH + 14, x + step / 2, top + plotH + 14, FONT, escape(shorten(c.name(), 22))));
            }
        }
        if (mean != null) {
            double y = top + plotH - plotH * mean;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.2f\" y2=\"%.2f\" stroke=\"#1f2937\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
                            + "<text x=\"%d\" y=\"%.2f\" font-size=\"12\" fill=\"#1f2937\" text-anchor=\"end\" %s>mean %.3f</text>",
                    left, left + plotW, y, y, left + plotW - 4, y - 5, FONT, mean));
        }
        if (!named) {
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#555\" %s>%d classes, best to worst</text>",
                    left, top + plotH + 20, FONT, present.size()));
        }
        return svg.append("</svg>").toString();
    }

    /** The most frequent wrong predictions as horizontal bars: "true → predicted". */
    static String confusionBars(List<Metrics.Confusion> confusions, int limit) {
        List<Metrics.Confusion> shown = confusions.subList(0, Math.min(limit, confusions.size()));
        int width = 960;
        int labelW = 330;
        int row = 24;
        int height = Math.max(1, shown.size()) * row + 12;
        StringBuilder svg = open(width, height, "Worst confusions");
        if (shown.isEmpty()) {
            return svg.append("<text x=\"0\" y=\"18\" font-size=\"13\" fill=\"#555\" ").append(FONT)
                    .append(">No wrong predictions.</text></svg>").toString();
        }
        long max = shown.get(0).count();
        int barMax = width - labelW - 60;
        for (int i = 0; i < shown.size(); i++) {
            Metrics.Confusion c = shown.get(i);
            int y = 6 + i * row;
            double w = barMax * (double) c.count() / max;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#222\" text-anchor=\"end\" %s>%s <tspan fill=\"#888\">→</tspan> %s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\" rx=\"3\" fill=\"#e76f51\"/>"
                            + "<text x=\"%.2f\" y=\"%d\" font-size=\"12\" fill=\"#444\" %s>%d</text>",
                    labelW - 10, y + 15, FONT, escape(shorten(c.labelName(), 24)), escape(shorten(c.predictedName(), 24)),
                    labelW, y + 2, w, row - 8, labelW + w + 6, y + 15, FONT, c.count()));
        }
        return svg.append("</svg>").toString();
    }

    /** One model in the accuracy-against-cost chart. */
    record CostPoint(String model, double msPerImage, double accuracy) {
    }

    /** Mean top-1 accuracy against milliseconds per image, one point per model: what a bigger model buys. */
    static String accuracyVersusCost(List<CostPoint> points) {
        int width = 960;
        int height = 300;
        int left = 56;
        int top = 16;
        int plotW = width - left - 40;
        int plotH = height - top - 46;
        double maxMs = points.stream().mapToDouble(CostPoint::msPerImage).max().orElse(1) * 1.15;
        // A top of 20, 40, ... 100 % keeps the quarter ticks on whole percents.
        double maxAcc = Math.min(1, Math.ceil((points.stream().mapToDouble(CostPoint::accuracy).max().orElse(1) + 0.05) * 5) / 5);
        StringBuilder svg = open(width, height, "Mean top-1 accuracy against milliseconds per image");
        for (int t = 0; t <= 4; t++) {
            double y = top + plotH - plotH * t / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\" %s>%.0f%%</text>",
                    left, left + plotW, y, y, t == 0 ? "#999" : "#e5e7eb", left - 6, y + 4, FONT, 100 * maxAcc * t / 4));
            double x = left + plotW * t / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#666\" text-anchor=\"middle\" %s>%.1f</text>",
                    x, top + plotH + 16, FONT, maxMs * t / 4));
        }
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#555\" text-anchor=\"middle\" %s>ms per image (lower is cheaper)</text>",
                left + plotW / 2, height - 8, FONT));
        String[] palette = {"#2a9d8f", "#e76f51", "#264653", "#e9c46a", "#8ab17d", "#9b5de5", "#f15bb5"};
        for (int i = 0; i < points.size(); i++) {
            CostPoint p = points.get(i);
            double x = left + plotW * p.msPerImage() / maxMs;
            double y = top + plotH - plotH * p.accuracy() / maxAcc;
            double labelY = i % 2 == 0 ? y - 10 : y + 20; // alternate sides so close points stay readable
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"7\" fill=\"%s\" fill-opacity=\"0.9\"><title>%s: %.2f%% at %.2f ms/image</title></circle>"
                            + "<text x=\"%.2f\" y=\"%.2f\" font-size=\"12\" fill=\"#222\" text-anchor=\"middle\" %s>%s</text>",
                    x, y, palette[i % palette.length], escape(p.model()), 100 * p.accuracy(), p.msPerImage(),
                    x, labelY, FONT, escape(p.model())));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">",
                width, height, escape(title)));
    }

    /** A 0..1 axis with grid lines. */
    private static void axisY(StringBuilder svg, int left, int top, int plotW, int plotH) {
        for (int t = 0; t <= 4; t++) {
            double y = top + plotH - plotH * t / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\" %s>%.2f</text>",
                    left, left + plotW, y, y, t == 0 ? "#999" : "#e5e7eb", left - 6, y + 4, FONT, t / 4.0));
        }
    }

    /** Red (0) through amber to green (1). */
    static String color(float recall) {
        return String.format(Locale.ROOT, "hsl(%.0f, 62%%, 46%%)", 120 * Math.max(0, Math.min(1, recall)));
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
