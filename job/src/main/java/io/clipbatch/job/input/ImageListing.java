package io.clipbatch.job.input;

import io.clipbatch.job.UserError;
import io.clipbatch.job.output.StoreErrors;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
 * sorted top-level entries, each subtree sorted.
 */
public final class ImageListing {
    public static final StructType SCHEMA = new StructType()
            .add(ScoreSchema.PATH, DataTypes.StringType, false);

    private ImageListing() {}

    public static Dataset<Row> list(SparkSession spark, Path root) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        FileStatus[] top = listTop(spark, root);
        List<String> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (FileStatus status : top) {
            if (ImageInputs.isHidden(status.getPath())) {
                continue;
            }
            if (status.isDirectory()) {
                dirs.add(status.getPath().toString());
            } else if (ImageInputs.isImage(status.getPath())) {
                files.add(status.getPath().toString());
            }
        }
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        JavaRDD<String> paths = jsc.parallelize(files, 1);
        if (!dirs.isEmpty()) {
            JavaRDD<String> nested = jsc.parallelize(dirs, Math.min(dirs.size(), 4 * jsc.defaultParallelism()))
                    .flatMap(dir -> listRecursively(new Path(dir), conf.value()).iterator());
            paths = paths.union(nested);
        }
        return spark.createDataFrame(paths.map(RowFactory::create), SCHEMA);
    }

    private static FileStatus[] listTop(SparkSession spark, Path root) {
        try {
            FileStatus[] statuses = root.getFileSystem(spark.sparkContext().hadoopConfiguration()).listStatus(root);
            Arrays.sort(statuses, (a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
            return statuses;
        } catch (IOException e) {
            throw new UserError("cannot list input " + root + ": " + StoreErrors.reason(e));
        }
    }

    private static List<String> listRecursively(Path dir, SerializableConfiguration conf) {
        List<String> found = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf.get());
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                Path path = it.next().getPath();
                if (ImageInputs.isImage(path) && !hiddenBelow(dir, path)) {
                    found.add(path.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + " failed", e);
        }
        Collections.sort(found);
        return found;
    }

    /** Hidden (dot or underscore) files and folders between {@code dir} and {@code path} are skipped. */
    private static boolean hiddenBelow(Path dir, Path path) {
        for (Path p = path; p != null && !p.equals(dir) && p.depth() > dir.depth(); p = p.getParent()) {
            if (ImageInputs.isHidden(p)) {
                return true;
            }
        }
        return false;
    }
}
