package io.clipbatch.job.datasets;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A retrieval dataset as rows of (image source, captions), ready for the score job.
 *
 * <p>Rows have {@link LabelledImages#PATH}, {@link #CAPTIONS} ({@code array<string>}, null when a
 * sample has none), {@link #IMAGE_INDEX} and, for formats that hold the encoded images themselves,
 * {@link LabelledImages#IMAGE_BYTES}. {@link #IMAGE_INDEX} follows the dataset's order (shard by
 * shard, sample by sample; a manifest's files and rows): it is what "lower index first" breaks
 * ties by. It is increasing, not dense.
 *
 * @param shardPartitioned whether the partitioning is already one task per shard, to be kept as is
 */
public record CaptionedImages(String name, DatasetFormat format, Dataset<Row> rows, boolean withBytes,
                              boolean shardPartitioned) {
    public static final String CAPTIONS = "captions";
    public static final String IMAGE_INDEX = "image_index";

    public String bytesColumn() {
        return withBytes ? LabelledImages.IMAGE_BYTES : null;
    }

    public CaptionedImages withRows(Dataset<Row> newRows) {
        return new CaptionedImages(name, format, newRows, withBytes, shardPartitioned);
    }
}
