package io.clipbatch.job.datasets;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset as rows of (image source, label), ready for the score job, and the prompts it carries.
 *
 * <p>Rows have {@link #PATH}, {@link #LABEL_INDEX} (or {@link #LABEL_TEXT} for manifests labelled
 * by name) and, for formats that hold the encoded images themselves, {@link #IMAGE_BYTES}.
 *
 * @param name             the dataset's name in reports
 * @param format           its layout
 * @param rows             one row per image, spread over partitions (shards, files, folders)
 * @param withBytes        whether rows carry {@link #IMAGE_BYTES}
 * @param shardPartitioned whether the partitioning is already one task per shard, to be kept as is
 * @param classes          class names from the dataset's own files, or null
 * @param templates        templates from the dataset's own files, or null
 * @param fallbackClasses  names to use when no prompt source has any (folder names), or null
 */
public record LabelledImages(String name, DatasetFormat format, Dataset<Row> rows, boolean withBytes,
                             boolean shardPartitioned, PromptList classes, PromptList templates,
                             PromptList fallbackClasses) {
    public static final String PATH = "path";
    public static final String LABEL_INDEX = "label_index";
    public static final String LABEL_TEXT = "label_text";
    public static final String IMAGE_BYTES = "image_bytes";

    /** Whether labels are names still to be turned into indices (see {@link DatasetReader#indexTextLabels}). */
    public boolean textLabels() {
        return java.util.Arrays.asList(rows.columns()).contains(LABEL_TEXT);
    }

    public String bytesColumn() {
        return withBytes ? IMAGE_BYTES : null;
    }

    public LabelledImages withRows(Dataset<Row> newRows) {
        return new LabelledImages(name, format, newRows, withBytes, shardPartitioned, classes, templates,
                fallbackClasses);
    }
}
