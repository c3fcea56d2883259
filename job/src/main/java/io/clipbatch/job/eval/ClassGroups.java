package io.clipbatch.job.eval;

import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --class-groups}: classes put in named groups (for example seen or held out in training),
 * so that top-1 is also reported per group. The file has one {@code CLASS<TAB>GROUP} line per
 * class; classes it does not name belong to no group. Groups keep the order of their first line.
 */
public record ClassGroups(Map<String, List<Integer>> classesByGroup) {
    public static final ClassGroups NONE = new ClassGroups(Map.of());

    /** Top-1 over the images of a group's classes (images that failed to decode left out). */
    public record Accuracy(String group, long n, long correct) {
        public Float acc1() {
            return n == 0 ? null : (float) correct / n;
        }

        /** As the terminal and the reports print it: {@code acc1 on GROUP: 98.02% (396/404)}. */
        public String line() {
            return String.format(Locale.ROOT, "acc1 on %s: %s%% (%d/%d)", group, Tables.percent(acc1()), correct, n);
        }
    }

    /** Parses the file's lines against the dataset's class names; a name not among them is a mistake. */
    public static ClassGroups parse(List<String> lines, List<String> classNames, String source) {
        Map<String, Integer> indexByName = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            indexByName.putIfAbsent(classNames.get(i), i);
        }
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        Map<Integer, String> groupOfClass = new HashMap<>();
        for (String line : lines) {
            int tab = line.lastIndexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new UserError("--class-groups " + source + ": '" + line + "' is not CLASS<TAB>GROUP");
            }
            String name = line.substring(0, tab).strip();
            Integer index = indexByName.get(name);
            if (index == null) {
                throw new UserError("--class-groups " + source + ": '" + name + "' is not one of the "
                        + classNames.size() + " class names");
            }
            String group = line.substring(tab + 1).strip();
            String earlier = groupOfClass.put(index, group);
            if (earlier != null) {
                throw new UserError("--class-groups " + source + ": '" + name + "' is in two groups, '" + earlier
                        + "' and '" + group + "'");
            }
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(index);
        }
        return new ClassGroups(byGroup);
    }

    /** Each group's top-1, from the per-class counts. */
    public List<Accuracy> accuracy(List<Metrics.ClassRecall> perClass) {
        Map<Integer, Metrics.ClassRecall> byIndex = new HashMap<>();
        perClass.forEach(c -> byIndex.put(c.index(), c));
        List<Accuracy> out = new ArrayList<>();
        classesByGroup.forEach((group, classes) -> {
            long n = 0;
            long correct = 0;
            for (int index : classes) {
                Metrics.ClassRecall c = byIndex.get(index);
                n += c == null ? 0 : c.support();
                correct += c == null ? 0 : c.correct();
            }
            out.add(new Accuracy(group, n, correct));
        });
        return out;
    }
}
