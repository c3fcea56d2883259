package io.clipbatch.udfs.input;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Resolves {@code --input} into rows with a path column: a Parquet manifest (a file or a folder
 * of Parquet files) as it is, or a folder or prefix of images listed in parallel.
 */
public final class ImageInputs {
    /** Extensions listed from folders: what the decoder reads. */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

    private ImageInputs() {}

    /** The input rows, with the path column validated. */
    public static Dataset<Row> open(SparkSession spark, String uri, String pathColumn) {
        return open(spark, uri, pathColumn, ImageListing::list);
    }

    /**
     * As {@link #open}; a listed folder's rows also carry the size and modification time its listing
     * reported ({@link ImageListing#FILE_SIZE}, {@link ImageListing#FILE_MODIFIED}), a manifest's rows do not.
     */
    public static Dataset<Row> openWithFileStatus(SparkSession spark, String uri, String pathColumn) {
        return open(spark, uri, pathColumn, ImageListing::listWithStatus);
    }

    private static Dataset<Row> open(SparkSession spark, String uri, String pathColumn,
                                     BiFunction<SparkSession, Path, Dataset<Row>> lister) {
        FileStatus status = statusOf(spark, uri);
        Dataset<Row> rows;
        if (status.isFile()) {
            if (!isParquet(status.getPath())) {
                throw new UserError("input " + uri + " is a file but not a Parquet manifest (*.parquet)");
            }
            rows = spark.read().parquet(uri);
        } else if (holdsParquet(spark, status.getPath())) {
            rows = spark.read().parquet(uri);
        } else {
            rows = lister.apply(spark, status.getPath());
            pathColumn = ScoreSchema.PATH;
        }
        String problem = ScoreSchema.problemWith(rows.schema(), pathColumn);
        if (problem != null) {
            throw new UserError("input " + uri + ": " + problem);
        }
        return rows;
    }

    /** The path column the rows of {@link #open} carry: the given one for manifests, {@code path} for folders. */
    public static String pathColumnOf(Dataset<Row> rows, String requested) {
        return Arrays.asList(rows.columns()).contains(requested) ? requested : ScoreSchema.PATH;
    }

    public static boolean isImage(Path path) {
        return isImageName(path.getName());
    }

    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static boolean isHidden(Path path) {
        return isHiddenName(path.getName());
    }

    static boolean isHiddenName(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private static boolean isParquet(Path path) {
        return path.getName().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    private static boolean holdsParquet(SparkSession spark, Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus child : fs.listStatus(dir)) {
                if (child.isFile() && isParquet(child.getPath())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UserError("cannot list input " + dir + ": " + StoreErrors.reason(e));
        }
    }

    private static FileStatus statusOf(SparkSession spark, String uri) {
        try {
            Path path = new Path(uri);
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new UserError(StoreErrors.bucketMissing(e) ? "cannot open input " + uri + ": " + StoreErrors.reason(e)
                    : "input " + uri + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot open input " + uri + ": " + StoreErrors.reason(e));
        }
    }
}
