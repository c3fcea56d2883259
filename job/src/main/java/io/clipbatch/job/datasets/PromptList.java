package io.clipbatch.job.datasets;

import java.util.List;

/**
 * Class names or templates, and where they came from (for the report).
 *
 * @param synonyms every name of each item, its own first (FER2013's classes have several, which a
 *                 zero-shot head averages); null means each item is its only name
 */
public record PromptList(List<String> items, String source, List<List<String>> synonyms) {
    public PromptList {
        items = List.copyOf(items);
        synonyms = synonyms == null ? items.stream().map(List::of).toList()
                : synonyms.stream().map(List::copyOf).toList();
        for (int i = 0; i < Math.max(items.size(), synonyms.size()); i++) {
            if (i >= items.size() || i >= synonyms.size() || !synonyms.get(i).get(0).equals(items.get(i))) {
                throw new IllegalArgumentException("each synonym list must start with its item: " + synonyms);
            }
        }
    }

    public PromptList(List<String> items, String source) {
        this(items, source, null);
    }

    /** Whether some item has more than one name. */
    public boolean hasSynonyms() {
        return synonyms.stream().anyMatch(names -> names.size() > 1);
    }
}
