package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's {@code data/prompts.md}: under each {@code ## Dataset} heading, a code block assigns
 * Python lists {@code classes = [...]} and {@code templates = [...]}. Classes given as a list of
 * synonyms (FER2013) are named by their first synonym and keep all of them in {@link Block#synonyms}.
 */
public final class OpenAiPrompts {
    /** One dataset's block; {@code synonyms} has every name of each class, null when {@code classes} is. */
    public record Block(String heading, List<String> classes, List<List<String>> synonyms, List<String> templates) {
    }

    private final Map<String, Block> byKey;

    private OpenAiPrompts(Map<String, Block> byKey) {
        this.byKey = byKey;
    }

    public static OpenAiPrompts parse(String markdown, String source) {
        Map<String, Block> blocks = new HashMap<>();
        String heading = null;
        StringBuilder code = null;
        for (String line : markdown.split("\\R")) {
            if (code == null && line.startsWith("## ")) {
                heading = line.substring(3).strip();
            } else if (line.startsWith("```")) {
                if (code == null) {
                    code = new StringBuilder();
                } else {
                    if (heading != null) {
                        Block block = block(heading, code.toString(), source);
                        blocks.put(DatasetNames.canonical(heading), block);
                    }
                    code = null;
                }
            } else if (code != null) {
                code.append(line).append('\n');
            }
        }
        if (blocks.isEmpty()) {
            throw new UserError(source + " has no '## Dataset' sections with classes/templates code blocks");
        }
        return new OpenAiPrompts(blocks);
    }

    /** The block for a dataset name (any spelling {@link DatasetNames} knows), or null. */
    public Block find(String datasetName) {
        return byKey.get(DatasetNames.canonical(datasetName));
    }

    private static Block block(String heading, String code, String source) {
        List<List<String>> synonyms = null;
        List<String> templates = null;
        PythonLiterals parser = new PythonLiterals(code, source + " (" + heading + ")");
        while (parser.skipToAssignment()) {
            String name = parser.identifier();
            List<Object> value = parser.list();
            if (name.equals("classes")) {
                synonyms = synonymLists(value);
            } else if (name.equals("templates")) {
                templates = strings(value);
            }
        }
        List<String> classes = synonyms == null ? null : synonyms.stream().map(names -> names.get(0)).toList();
        return new Block(heading, classes, synonyms, templates);
    }

    private static List<List<String>> synonymLists(List<Object> values) {
        List<List<String>> out = new ArrayList<>();
        for (Object value : values) {
            out.add(value instanceof List<?> names ? names.stream().map(n -> (String) n).toList()
                    : List.of((String) value));
        }
        return out;
    }

    private static List<String> strings(List<Object> values) {
        return values.stream().map(v -> (String) v).toList();
    }
}
