package io.clipbatch.job.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * clip_benchmark's prompt files: {@code en_classnames.json} and
 * {@code en_zeroshot_classification_templates.json}, each an object keyed by dataset name.
 */
public final class ClipBenchmarkPrompts {
    public static final String CLASSNAMES = "en_classnames.json";
    public static final String TEMPLATES = "en_zeroshot_classification_templates.json";

    private final Map<String, List<String>> classes;
    private final Map<String, List<String>> templates;

    private ClipBenchmarkPrompts(Map<String, List<String>> classes, Map<String, List<String>> templates) {
        this.classes = classes;
        this.templates = templates;
    }

    /** Reads both files from a folder; either may be missing, not both. */
    public static ClipBenchmarkPrompts read(DatasetFiles files, String folder) {
        String classFile = DatasetFiles.child(folder, CLASSNAMES);
        String templateFile = DatasetFiles.child(folder, TEMPLATES);
        boolean hasClasses = files.isFile(classFile);
        boolean hasTemplates = files.isFile(templateFile);
        if (!hasClasses && !hasTemplates) {
            throw new UserError("--clip-benchmark-prompts " + folder + " has neither " + CLASSNAMES + " nor " + TEMPLATES);
        }
        return new ClipBenchmarkPrompts(hasClasses ? parse(files.readText(classFile), classFile) : Map.of(),
                hasTemplates ? parse(files.readText(templateFile), templateFile) : Map.of());
    }

    static Map<String, List<String>> parse(String json, String source) {
        Map<String, List<String>> byKey = new HashMap<>();
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            root.fields().forEachRemaining(field -> {
                List<String> values = new ArrayList<>();
                field.getValue().forEach(v -> values.add(v.asText()));
                byKey.put(DatasetNames.canonical(field.getKey()), values);
            });
        } catch (IOException e) {
            throw new UserError(source + " is not a JSON object of lists: " + e.getMessage());
        }
        return byKey;
    }

    public List<String> classes(String datasetName) {
        return classes.get(DatasetNames.canonical(datasetName));
    }

    public List<String> templates(String datasetName) {
        return templates.get(DatasetNames.canonical(datasetName));
    }
}
