package io.clipbatch.job.eval;

import io.clipbatch.job.Plural;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The reports' "weakest classes": the classes whose recall is below the best class's, weakest
 * first. When none is, {@link #note} says why the table is left out.
 */
record WeakestClasses(List<Metrics.ClassRecall> classes, String note) {

    static WeakestClasses of(List<Metrics.ClassRecall> perClass, int limit) {
        List<Metrics.ClassRecall> measured = perClass.stream().filter(c -> c.recall() != null).toList();
        if (measured.isEmpty()) {
            return new WeakestClasses(List.of(), "No class has images to measure its recall.");
        }
        float best = measured.stream().map(Metrics.ClassRecall::recall).max(Float::compare).orElseThrow();
        List<Metrics.ClassRecall> below = measured.stream().filter(c -> c.recall() < best)
                .sorted(Comparator.comparing(Metrics.ClassRecall::recall).thenComparing(Metrics.ClassRecall::index))
                .limit(limit).toList();
        String which = measured.size() == 1 ? "the only class"
                : "all " + Plural.of(measured.size(), "class", "classes");
        String note = below.isEmpty()
                ? String.format(Locale.ROOT, "No class is below the best recall: %.1f%% for %s.", 100.0 * best, which)
                : null;
        return new WeakestClasses(below, note);
    }
}
