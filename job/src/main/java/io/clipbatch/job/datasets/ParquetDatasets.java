package io.clipbatch.job.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two Parquet layouts: a manifest (a path column and a label column, the label an integer or
 * a class name) and Hugging Face datasets' export (an {@code image} struct with the encoded
 * {@code bytes} and a {@code path}, an integer {@code label}, and the class names in the
 * {@code huggingface} footer entry). Spark's Parquet splits are the tasks.
 */
public final class ParquetDatasets {
    private static final String HF_IMAGE = "image";
    private static final String HF_LABEL = "label";
    private static final String HF_METADATA = "huggingface";

    private ParquetDatasets() {}

    static boolean holdsParquet(DatasetFiles files, String uri) {
        return files.isDirectory(uri) && !parquetFiles(files, uri).isEmpty();
    }

    static boolean isHuggingFace(SparkSession spark, String uri) {
        StructType schema = spark.read().parquet(uri).schema();
        return Arrays.asList(schema.fieldNames()).contains(HF_IMAGE)
                && schema.apply(HF_IMAGE).dataType() instanceof StructType image
                && Arrays.asList(image.fieldNames()).contains("bytes");
    }

    static LabelledImages readManifest(SparkSession spark, DatasetFiles files, DatasetSpec spec, String pathColumn,
                                       String labelColumn) {
        Dataset<Row> manifest = spark.read().parquet(spec.uri());
        List<String> columns = Arrays.asList(manifest.columns());
        for (String column : List.of(pathColumn, labelColumn)) {
            if (!columns.contains(column)) {
                throw new UserError("dataset " + spec.uri() + " has no column '" + column + "' (columns: "
                        + String.join(", ", columns) + "); choose with --path-column / --label-column");
            }
        }
        DataType labelType = manifest.schema().apply(labelColumn).dataType();
        Column label;
        if (labelType.equals(DataTypes.StringType)) {
            label = manifest.col(labelColumn).as(LabelledImages.LABEL_TEXT);
        } else if (labelType.equals(DataTypes.IntegerType) || labelType.equals(DataTypes.LongType)
                || labelType.equals(DataTypes.ShortType) || labelType.equals(DataTypes.ByteType)) {
            label = manifest.col(labelColumn).cast(DataTypes.IntegerType).as(LabelledImages.LABEL_INDEX);
        } else {
            throw new UserError("dataset " + spec.uri() + ": label column '" + labelColumn + "' is "
                    + labelType.simpleString() + ", not an integer or a class name");
        }
        Dataset<Row> rows = manifest.select(manifest.col(pathColumn).cast(DataTypes.StringType)
                .as(LabelledImages.PATH), label);
        return new LabelledImages(spec.name(), DatasetFormat.MANIFEST, rows, false, false, null, null, null);
    }

    /** A manifest for retrieval: a path column and an {@code array<string>} captions column. */
    static CaptionedImages readCaptionedManifest(SparkSession spark, DatasetSpec spec, String pathColumn,
                                                 String captionsColumn) {
        Dataset<Row> manifest = spark.read().parquet(spec.uri());
        List<String> columns = Arrays.asList(manifest.columns());
        for (String column : List.of(pathColumn, captionsColumn)) {
            if (!columns.contains(column)) {
                throw new UserError("dataset " + spec.uri() + " has no column '" + column + "' (columns: "
                        + String.join(", ", columns) + "); choose with --path-column / --captions-column");
            }
        }
        DataType captionsType = manifest.schema().apply(captionsColumn).dataType();
        if (!(captionsType instanceof ArrayType array) || !array.elementType().equals(DataTypes.StringType)) {
            throw new UserError("dataset " + spec.uri() + ": captions column '" + captionsColumn + "' is "
                    + captionsType.simpleString() + ", not array<string>");
        }
        // Read order, file by file: the id grows with the Parquet split, then the row.
        Dataset<Row> rows = manifest.select(manifest.col(pathColumn).cast(DataTypes.StringType).as(LabelledImages.PATH),
                manifest.col(captionsColumn).as(CaptionedImages.CAPTIONS),
                functions.monotonically_increasing_id().as(CaptionedImages.IMAGE_INDEX));
        return new CaptionedImages(spec.name(), DatasetFormat.MANIFEST, rows, false, false);
    }

    static LabelledImages readHuggingFace(SparkSession spark, DatasetFiles files, DatasetSpec spec) {
        Dataset<Row> table = spark.read().parquet(spec.uri());
        if (!Arrays.asList(table.columns()).contains(HF_LABEL)) {
            throw new UserError("dataset " + spec.uri() + " has an image column but no int 'label' column");
        }
        // The file name plus the image's own name identifies a row; the bytes travel in the row.
        Column path = functions.concat(functions.input_file_name(), functions.lit("#"),
                functions.coalesce(functions.col(HF_IMAGE + ".path"), functions.lit("")));
        Dataset<Row> rows = table.select(path.as(LabelledImages.PATH),
                functions.col(HF_IMAGE + ".bytes").as(LabelledImages.IMAGE_BYTES),
                functions.col(HF_LABEL).cast(DataTypes.IntegerType).as(LabelledImages.LABEL_INDEX));
        return new LabelledImages(spec.name(), DatasetFormat.HF, rows, true, false, classNames(files, spec.uri()),
                null, null);
    }

    /** {@code info.features.label.names} (or {@code features.label.names}) of the first file's footer. */
    private static PromptList classNames(DatasetFiles files, String uri) {
        String json = footer(files, uri).get(HF_METADATA);
        if (json == null) {
            return null;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            JsonNode features = root.has("info") ? root.path("info").path("features") : root.path("features");
            JsonNode names = features.path(HF_LABEL).path("names");
            if (!names.isArray() || names.isEmpty()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            names.forEach(n -> out.add(n.asText()));
            return new PromptList(out, "Parquet 'huggingface' metadata");
        } catch (IOException e) {
            throw new UserError("dataset " + uri + ": the Parquet 'huggingface' metadata is not JSON: " + e.getMessage());
        }
    }

    /** The key-value metadata of the first Parquet file of {@code uri} (a file, or a folder holding some). */
    public static java.util.Map<String, String> footer(org.apache.hadoop.conf.Configuration conf, String uri) {
        return footer(new DatasetFiles(conf), uri);
    }

    private static java.util.Map<String, String> footer(DatasetFiles files, String uri) {
        Path first = firstFile(files, uri);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(first, files.conf()))) {
            return reader.getFooter().getFileMetaData().getKeyValueMetaData();
        } catch (IOException e) {
            throw new UserError("cannot read the Parquet footer of " + first + ": " + e.getMessage());
        }
    }

    private static Path firstFile(DatasetFiles files, String uri) {
        if (files.isFile(uri)) {
            return new Path(uri);
        }
        Path first = firstParquetBelow(files, uri);
        if (first == null) {
            throw new UserError("dataset " + uri + " holds no Parquet files");
        }
        return first;
    }

    /**
     * The first Parquet file in the folder, else in its partition folders ({@code model=...}), in name
     * order; folders Spark treats as hidden ({@code _}, {@code .}) are skipped.
     */
    private static Path firstParquetBelow(DatasetFiles files, String uri) {
        List<FileStatus> parquet = parquetFiles(files, uri);
        if (!parquet.isEmpty()) {
            return parquet.get(0).getPath();
        }
        for (FileStatus entry : files.list(uri)) {
            if (entry.isDirectory() && !entry.getPath().getName().startsWith("_")) {
                Path found = firstParquetBelow(files, entry.getPath().toString());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<FileStatus> parquetFiles(DatasetFiles files, String uri) {
        return files.list(uri).stream()
                .filter(s -> s.isFile() && s.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet"))
                .toList();
    }
}
