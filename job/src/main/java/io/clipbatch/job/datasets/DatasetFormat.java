package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** The on-disk layouts {@code eval} reads, and how a layout is recognised. */
public enum DatasetFormat {
    /** clip_benchmark's WebDataset: {@code test/nshards.txt}, {@code test/N.tar}, {@code classnames.txt}. */
    WDS,
    /** {@code ROOT/<class>/*.jpg}, labels from sorted folder names (torchvision {@code ImageFolder}). */
    FOLDERS,
    /** Parquet with a path column and a label column. */
    MANIFEST,
    /** Hugging Face datasets Parquet: an {@code image} struct ({@code bytes}, {@code path}) and an int {@code label}. */
    HF,
    /** Stanford Cars devkit: {@code cars_test_annos_withlabels.mat}, {@code cars_meta.mat}, {@code cars_test/}. */
    CARS;

    public static DatasetFormat parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UserError("--format must be one of " + Arrays.stream(values())
                    .map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + ", not '" + text + "'");
        }
    }

    /** The layout of the dataset at {@code uri}, from the files it has. */
    public static DatasetFormat detect(SparkSession spark, DatasetFiles files, String uri) {
        if (uri.toLowerCase(Locale.ROOT).endsWith(".parquet") || ParquetDatasets.holdsParquet(files, uri)) {
            return ParquetDatasets.isHuggingFace(spark, uri) ? HF : MANIFEST;
        }
        if (!files.isDirectory(uri)) {
            throw new UserError("dataset " + uri + " is neither a folder nor a Parquet file");
        }
        if (CarsDevkit.annotationsFile(files, uri) != null) {
            return CARS;
        }
        if (WebDatasetShards.shardFolder(files, uri) != null) {
            return WDS;
        }
        return FOLDERS;
    }
}
