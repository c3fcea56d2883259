package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The project's own prompt material in {@code prompts/} on the classpath (the repository's prompts/ folder). */
public final class BuiltinPrompts {
    private static final String ROOT = "prompts/";

    private BuiltinPrompts() {}

    /**
     * A template set by name: {@code default} (CLIP's 7 ImageNet templates) or {@code domain:NAME}
     * ({@code medical}, {@code satellite}, {@code art}); null when the text names none (a file, then).
     */
    public static PromptList templates(String spec) {
        String resource;
        if (spec.equals("default")) {
            resource = ROOT + "templates/default.txt";
        } else if (spec.startsWith("domain:")) {
            resource = ROOT + "templates/domain/" + spec.substring("domain:".length()) + ".txt";
            if (BuiltinPrompts.class.getClassLoader().getResource(resource) == null) {
                throw new UserError("--templates " + spec + ": no such domain set (try domain:medical, "
                        + "domain:satellite or domain:art)");
            }
        } else {
            return null;
        }
        return new PromptList(DatasetFiles.nonBlankLines(text(resource)), resource);
    }

    /**
     * The built-in set of a benchmark dataset, by its name as {@link DatasetNames} knows it
     * ({@code imagenet1k}, {@code wds/cars}, {@code FER2013}...), or null when there is none: class
     * names in the dataset's label order and templates, from OpenAI's CLIP (see prompts/datasets/LICENSE).
     * Under {@link PromptProtocol#CLIP_BENCHMARK} each class keeps only its first name.
     */
    public static PromptSources.PromptSet dataset(String name, PromptProtocol protocol) {
        String folder = ROOT + "datasets/" + DatasetNames.canonical(name) + "/";
        if (BuiltinPrompts.class.getClassLoader().getResource(folder + "classnames.txt") == null) {
            return null;
        }
        String classFile = folder + "classnames.txt";
        List<List<String>> synonyms = new ArrayList<>();
        for (String line : DatasetFiles.nonBlankLines(text(classFile))) {
            List<String> names = Arrays.asList(line.split("\t"));
            synonyms.add(protocol == PromptProtocol.OPENAI ? names : names.subList(0, 1));
        }
        List<String> labels = synonyms.stream().map(names -> names.get(0)).toList();
        String source = classFile + " (" + protocol + " protocol)";
        return new PromptSources.PromptSet(new PromptList(labels, source, synonyms),
                new PromptList(DatasetFiles.nonBlankLines(text(folder + "templates.txt")), folder + "templates.txt"));
    }

    /** Country211's names for these folder names when they are exactly its ISO codes, else null. */
    public static List<String> country211Names(List<String> codes) {
        Map<String, String> table = country211();
        if (codes.isEmpty() || !codes.stream().allMatch(table::containsKey)) {
            return null;
        }
        return codes.stream().map(table::get).toList();
    }

    /** ISO 3166 code to the name CLIP's Country211 prompts use, for its 211 countries. */
    public static Map<String, String> country211() {
        Map<String, String> table = new LinkedHashMap<>();
        for (String line : DatasetFiles.nonBlankLines(text(ROOT + "country211/classnames.tsv"))) {
            String[] parts = line.split("\t", 2);
            table.put(parts[0], parts[1]);
        }
        return table;
    }

    private static String text(String resource) {
        try (InputStream in = BuiltinPrompts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the job jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
    }
}
