package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Opens a {@code --dataset} in whichever layout it has, as {@link LabelledImages}. */
public final class DatasetReader {
    private final SparkSession spark;
    private final DatasetFiles files;
    private final String pathColumn;
    private final String labelColumn;

    /** @param pathColumn, labelColumn the manifest columns (other layouts have fixed names) */
    public DatasetReader(SparkSession spark, String pathColumn, String labelColumn) {
        this.spark = spark;
        this.files = new DatasetFiles(spark.sparkContext().hadoopConfiguration());
        this.pathColumn = pathColumn;
        this.labelColumn = labelColumn;
    }

    public DatasetFiles files() {
        return files;
    }

    public LabelledImages open(DatasetSpec spec) {
        DatasetFormat format = spec.format() != null ? spec.format() : DatasetFormat.detect(spark, files, spec.uri());
        return switch (format) {
            case WDS -> WebDatasetShards.read(spark, files, spec);
            case FOLDERS -> ClassFolders.read(spark, files, spec);
            case MANIFEST -> ParquetDatasets.readManifest(spark, files, spec, pathColumn, labelColumn);
            case HF -> ParquetDatasets.readHuggingFace(spark, files, spec);
            case CARS -> CarsDevkit.read(spark, files, spec);
        };
    }

    /** Opens a retrieval dataset: clip_benchmark's retrieval WebDataset or a manifest with a captions column. */
    public CaptionedImages openCaptioned(DatasetSpec spec, String captionsColumn) {
        DatasetFormat format = spec.format() != null ? spec.format() : DatasetFormat.detect(spark, files, spec.uri());
        return switch (format) {
            case WDS -> WebDatasetShards.readCaptioned(spark, files, spec);
            case MANIFEST -> ParquetDatasets.readCaptionedManifest(spark, spec, pathColumn, captionsColumn);
            default -> throw new UserError("dataset " + spec.name() + " is " + format.name().toLowerCase(
                    java.util.Locale.ROOT) + "; retrieval reads WebDataset shards (image + .txt captions) or a "
                    + "Parquet manifest with a captions column");
        };
    }

    /**
     * The class names of a dataset labelled by name (a text label column): the given ones, or
     * else the sorted distinct labels (a small aggregation, one row per class).
     */
    public static List<String> classesOfTextLabels(LabelledImages dataset, PromptList given) {
        if (given != null) {
            return given.items();
        }
        return dataset.rows().select(LabelledImages.LABEL_TEXT).distinct()
                .filter(functions.col(LabelledImages.LABEL_TEXT).isNotNull())
                .orderBy(LabelledImages.LABEL_TEXT).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    /** Rows with {@code label_index} from text labels: the position of the label among {@code classes}. */
    public static Dataset<Row> indexTextLabels(LabelledImages dataset, List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.putIfAbsent(classes.get(i), i);
        }
        Column[] pairs = new Column[2 * index.size()];
        int at = 0;
        for (Map.Entry<String, Integer> entry : index.entrySet()) {
            pairs[at++] = functions.lit(entry.getKey());
            pairs[at++] = functions.lit(entry.getValue());
        }
        Column lookup = functions.element_at(functions.map(pairs), functions.col(LabelledImages.LABEL_TEXT));
        Dataset<Row> rows = dataset.rows().withColumn(LabelledImages.LABEL_INDEX, lookup.cast(DataTypes.IntegerType));
        List<Row> unknown = rows.filter(functions.col(LabelledImages.LABEL_INDEX).isNull())
                .select(LabelledImages.LABEL_TEXT).distinct().limit(5).collectAsList();
        if (!unknown.isEmpty()) {
            throw new UserError("dataset " + dataset.name() + " has labels that are not among its " + classes.size()
                    + " class names, e.g. " + unknown.stream().map(r -> "'" + r.get(0) + "'").toList());
        }
        return rows.drop(LabelledImages.LABEL_TEXT);
    }
}
