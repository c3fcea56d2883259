package io.clipbatch.job.dedup;

import io.clipbatch.udfs.UserError;
import java.util.Locale;

/** {@code --keep}: which member of a group is its representative. */
public enum KeepRule {
    /** The first by key (keys compared as strings). */
    FIRST,
    /** The largest by {@code --size-column}; ties, and rows without a size, go to the first by key. */
    LARGEST;

    public static KeepRule parse(String text) {
        for (KeepRule rule : values()) {
            if (rule.name().equalsIgnoreCase(text.trim())) {
                return rule;
            }
        }
        throw new UserError("--keep must be first or largest, not '" + text + "'");
    }

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
