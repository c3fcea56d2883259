package io.clipbatch.udfs.input;

import io.clipbatch.udfs.partition.ScoreSchema;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Lists the images under a folder or object-store prefix. The driver lists only the top level;
 * each subfolder is then listed recursively by an executor task, so millions of objects never
 * pass through the driver (the weakness of the {@code binaryFile} source). Order is deterministic:
 * sorted top-level entries, each subtree sorted. Local folders are walked by {@link LocalFolders},
 * which gives each real file one row whatever symlinks the folder holds.
 */
public final class ImageListing {
    /** The size in bytes the listing reported for the image, or null. */
    public static final String FILE_SIZE = "_clipbatch_file_size";
    /** The modification time (epoch milliseconds) the listing reported for the image, or null. */
    public static final String FILE_MODIFIED = "_clipbatch_file_modified";

    public static final StructType SCHEMA = new StructType()
            .add(ScoreSchema.PATH, DataTypes.StringType, false);
    public static final StructType SCHEMA_WITH_STATUS = SCHEMA
            .add(FILE_SIZE, DataTypes.LongType, true)
            .add(FILE_MODIFIED, DataTypes.LongType, true);

    private ImageListing() {}

    /** One row per image: its path. */
    public static Dataset<Row> list(SparkSession spark, Path root) {
        return listWithStatus(spark, root).select(ScoreSchema.PATH);
    }

    /** One row per image: its path, and the size and modification time from the same listing. */
    public static Dataset<Row> listWithStatus(SparkSession spark, Path root) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        FolderTop top = LocalFolders.holds(root) ? LocalFolders.top(root) : HadoopFolders.top(spark, root);
        JavaRDD<ListedFile> files = jsc.parallelize(top.files(), 1);
        if (!top.folders().isEmpty()) {
            FolderTop.Subtrees subtrees = top.subtrees();
            JavaRDD<ListedFile> nested = jsc.parallelize(top.folders(),
                            Math.min(top.folders().size(), 4 * jsc.defaultParallelism()))
                    .flatMap(folder -> subtrees.imagesUnder(folder).iterator());
            files = files.union(nested);
        }
        return spark.createDataFrame(files.map(file -> RowFactory.create(file.path(), file.size(), file.modified())),
                SCHEMA_WITH_STATUS);
    }
}
