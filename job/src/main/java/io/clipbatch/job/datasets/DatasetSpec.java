package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code --dataset NAME=URI}: the name the reports use (and the key for prompt sets and
 * published numbers), where it lives, and its format when given rather than detected.
 */
public record DatasetSpec(String name, String uri, DatasetFormat format) {

    /** Parses {@code NAME=URI}; a bare URI is named after its last path element. */
    public static DatasetSpec parse(String text, DatasetFormat format) {
        int eq = text.indexOf('=');
        if (eq == 0 || eq == text.length() - 1) {
            throw new UserError("--dataset '" + text + "' must be NAME=URI");
        }
        if (eq < 0 || text.substring(0, eq).contains("/") || text.substring(0, eq).contains(":")) {
            String uri = text.replaceAll("/+$", "");
            return new DatasetSpec(uri.substring(uri.lastIndexOf('/') + 1), text, format);
        }
        return new DatasetSpec(text.substring(0, eq), text.substring(eq + 1), format);
    }

    /**
     * Parses repeated {@code [NAME=]VALUE} options: {@code NAME=} applies to that dataset only
     * (NAME must be one of {@code datasetNames}), a bare value to all of them (key {@code ""}).
     */
    public static Map<String, String> perDataset(List<String> values, List<String> datasetNames, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            String key = eq > 0 && datasetNames.contains(value.substring(0, eq)) ? value.substring(0, eq) : "";
            String rest = key.isEmpty() ? value : value.substring(eq + 1);
            if (out.put(key, rest) != null) {
                throw new UserError(option + " given twice for " + (key.isEmpty() ? "all datasets" : "dataset " + key));
            }
        }
        return out;
    }
}
