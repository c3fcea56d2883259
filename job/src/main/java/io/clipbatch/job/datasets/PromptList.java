package io.clipbatch.job.datasets;

import java.util.List;

/** Class names or templates, and where they came from (for the report). */
public record PromptList(List<String> items, String source) {
    public PromptList {
        items = List.copyOf(items);
    }
}
