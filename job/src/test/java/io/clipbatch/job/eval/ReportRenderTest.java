package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** report.md and report.html rendered from small results, without Spark. */
class ReportRenderTest {

    @Test
    void weakestClassesAreOnlyThoseBelowTheBestRecall() {
        EvalResult r = result(1, 2, List.of(), recall("apple", 1f), recall("banana", 0.5f), recall("cherry", 1f),
                recall("grape", 0.75f));
        String md = MarkdownReport.render(List.of(r), null);
        assertTrue(md.contains("| banana | 4 | 50.0% |") && md.contains("| grape | 4 | 75.0% |"), md);
        assertTrue(md.indexOf("| banana |") < md.indexOf("| grape |"), "weakest first:\n" + md);
        assertFalse(md.contains("| apple |") || md.contains("| cherry |"), "the best classes are not weak:\n" + md);
        String html = HtmlReport.render(List.of(r), null);
        assertTrue(html.contains("<tr><td>banana</td>") && html.contains("<tr><td>grape</td>"), html);
        assertFalse(html.contains("<tr><td>apple</td>") || html.contains("<tr><td>cherry</td>"), html);
    }

    @Test
    void equalRecallsSaySoInsteadOfATable() {
        EvalResult r = result(1, 2, List.of(), recall("apple", 1f), recall("banana", 1f), recall("cherry", 1f));
        String note = "No class is below the best recall: 100.0% for all 3 classes.";
        String md = MarkdownReport.render(List.of(r), null);
        assertTrue(md.contains(note), md);
        assertFalse(md.contains("| weakest class |"), md);
        String html = HtmlReport.render(List.of(r), null);
        assertTrue(html.contains("<h3>Weakest classes</h3><p class=\"meta\">" + note + "</p>"), html);
        assertFalse(html.contains("most often taken for"), html);
    }

    @Test
    void countsOfOneAreSingular() {
        EvalResult one = result(1, 1, List.of(), recall("apple", 1f));
        String md = MarkdownReport.render(List.of(one), null);
        assertTrue(md.contains("- 1 class from classes.txt; 1 template from templates.txt"), md);
        assertTrue(md.contains("- 1 image could not be read or decoded (excluded from every metric)"), md);
        String html = HtmlReport.render(List.of(one), null);
        assertTrue(html.contains("1 class from classes.txt · 1 template from templates.txt"), html);
        assertTrue(html.contains("· 1 run</p>"), html);
        assertFalse(md.contains("1 templates") || html.contains("1 templates") || md.contains("1 images"), md);

        EvalResult two = result(2, 2, List.of(), recall("apple", 1f), recall("banana", 0f));
        String mdTwo = MarkdownReport.render(List.of(two, two), null);
        assertTrue(mdTwo.contains("- 2 classes from classes.txt; 2 templates from templates.txt"), mdTwo);
        assertTrue(mdTwo.contains("- 2 images could not be read or decoded (excluded from every metric)"), mdTwo);
        assertTrue(HtmlReport.render(List.of(two, two), null).contains("· 2 runs</p>"));
    }

    @Test
    void classGroupsAppearInTheReportsAndTheSummary() {
        List<String> classes = List.of("apple", "banana", "cherry", "grape");
        ClassGroups groups = ClassGroups.parse(List.of("apple\tseen", "cherry\tseen", "banana\theld out"), classes,
                "groups.tsv");
        List<Metrics.ClassRecall> perClass = List.of(recall("apple", 1f), recall("banana", 0.5f),
                recall("cherry", 0.75f), recall("grape", 0f));
        List<ClassGroups.Accuracy> accuracy = groups.accuracy(perClass);
        assertEquals(List.of(new ClassGroups.Accuracy("seen", 8, 7), new ClassGroups.Accuracy("held out", 4, 2)),
                accuracy, "grape is in no group");
        EvalResult r = result(0, 2, accuracy, perClass.toArray(Metrics.ClassRecall[]::new));
        String md = MarkdownReport.render(List.of(r), null);
        assertTrue(md.contains("- acc1 on seen: 87.50% (7/8)\n- acc1 on held out: 50.00% (2/4)\n"), md);
        String html = HtmlReport.render(List.of(r), null);
        assertTrue(html.contains("<h3>Top-1 by class group</h3>"), html);
        assertTrue(html.contains("<tr><td>held out</td><td>4</td><td>2</td><td><b>50.00%</b></td></tr>"), html);
        String summary = ReportWriter.summary(List.of(r));
        assertTrue(summary.endsWith("acc1 on seen: 87.50% (7/8)\nacc1 on held out: 50.00% (2/4)\n"), summary);
    }

    @Test
    void classGroupFileMistakesAreUserErrors() {
        List<String> classes = List.of("apple", "banana");
        assertTrue(assertThrows(UserError.class, () -> ClassGroups.parse(List.of("apple seen"), classes, "g.tsv"))
                .getMessage().contains("is not CLASS<TAB>GROUP"));
        assertTrue(assertThrows(UserError.class, () -> ClassGroups.parse(List.of("aple\tseen"), classes, "g.tsv"))
                .getMessage().contains("'aple' is not one of the 2 class names"));
        assertTrue(assertThrows(UserError.class,
                () -> ClassGroups.parse(List.of("apple\tseen", "apple\tnew"), classes, "g.tsv"))
                .getMessage().contains("in two groups"));
    }

    /** A class with 4 images and the given recall. */
    private static Metrics.ClassRecall recall(String name, float recall) {
        long correct = Math.round(4 * recall);
        return new Metrics.ClassRecall(List.of("apple", "banana", "cherry", "grape").indexOf(name), name, 4, correct,
                recall, correct == 4 ? null : 0, correct == 4 ? null : "apple", 4 - correct);
    }

    private static EvalResult result(long errors, int templates, List<ClassGroups.Accuracy> groups,
                                     Metrics.ClassRecall... perClass) {
        long n = 4L * perClass.length;
        return new EvalResult("tiny", "fruit", "folders", n, errors, perClass.length, templates, "classes.txt",
                "templates.txt", 0.5f, null, 0.5f, 1.0, n, 1000.0 / n, -1, "224", List.of("tiny"), null,
                "out/predictions/model=tiny/dataset=fruit", new ArrayList<>(List.of(perClass)), List.of(), groups, List.of());
    }
}
