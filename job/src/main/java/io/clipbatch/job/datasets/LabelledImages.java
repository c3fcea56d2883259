package io.clipbatch.job.datasets;

import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/**
 * A dataset as rows of (image source, label), ready for the score job, and the prompts it carries.
 *
 * <p>Rows have {@link #PATH}, {@link #LABEL_INDEX} (or {@link #LABEL_TEXT} for manifests labelled
 * by name) and, for formats that hold the encoded images themselves, {@link #IMAGE_BYTES}. WebDataset
 * shards add {@link #READ_ERROR}: why a sample cannot be scored (no image, a missing or garbled
 * label, a cut shard), so that it becomes an error row of the predictions ({@link #withReadErrors})
 * rather than a failed job.
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
    public static final String READ_ERROR = "read_error";
    /** The image of a row with a read error: the score job fails it at once, reading nothing; its reason is replaced. */
    private static final byte[] NO_IMAGE = new byte[0];

    /** Whether labels are names still to be turned into indices (see {@link DatasetReader#indexTextLabels}). */
    public boolean textLabels() {
        return java.util.Arrays.asList(rows.columns()).contains(LABEL_TEXT);
    }

    public String bytesColumn() {
        return withBytes ? IMAGE_BYTES : null;
    }

    /** A (path, image bytes, label, read error) row; a row with a read error carries no image. */
    static Row sample(String path, byte[] image, Integer label, String readError) {
        return RowFactory.create(path, readError == null ? image : NO_IMAGE, label, readError);
    }

    /** A (path, image bytes, captions, read error) row of a retrieval shard; a row with a read error carries no image. */
    static Row captioned(String path, byte[] image, String[] captions, String readError) {
        return RowFactory.create(path, readError == null ? image : NO_IMAGE, captions, readError);
    }

    /**
     * The score job's rows with each read error as the row's {@code error}, and the
     * {@link #READ_ERROR} column dropped; rows without one are returned as they are.
     */
    public static Dataset<Row> withReadErrors(Dataset<Row> scored) {
        if (!Arrays.asList(scored.columns()).contains(READ_ERROR)) {
            return scored;
        }
        return scored.withColumn(ScoreSchema.ERROR,
                functions.coalesce(functions.col(READ_ERROR), functions.col(ScoreSchema.ERROR))).drop(READ_ERROR);
    }

    public LabelledImages withRows(Dataset<Row> newRows) {
        return new LabelledImages(name, format, newRows, withBytes, shardPartitioned, classes, templates,
                fallbackClasses);
    }
}
