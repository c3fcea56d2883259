package io.clipbatch.job.cli;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * What {@code show} reads, checked before Spark reads it: a Parquet file, or a folder holding
 * some. Its first file's footer is read here, so that something else (a folder of images, a text
 * file) is one line, and so that Spark needs no job of its own to find the schema.
 */
final class ShownParquet {
    /** The footer entry where Spark keeps the schema it wrote (Spark's ParquetReadSupport.SPARK_METADATA_KEY). */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private ShownParquet() {}

    /** The Spark schema of the Parquet at {@code uri}; empty when it was not written by Spark. */
    static Optional<StructType> schema(Configuration conf, String uri) {
        Path root = new Path(uri);
        Path first = firstFile(conf, uri);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(first, conf))) {
            String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
            // A file in a subfolder (model=.../dataset=...) lacks the partition columns Spark adds from the folder names.
            boolean partitioned = !first.getParent().toUri().getPath().equals(root.toUri().getPath())
                    && !first.toUri().getPath().equals(root.toUri().getPath());
            return json == null || partitioned ? Optional.empty() : Optional.of((StructType) DataType.fromJson(json));
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read " + uri + " as Parquet: " + first.getName() + " is not a Parquet file");
        }
    }

    private static Path firstFile(Configuration conf, String uri) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (status.isFile()) {
                return status.getPath();
            }
            return firstParquet(fs, path).orElseThrow(() ->
                    new UserError("cannot read " + uri + " as Parquet: the folder holds no *.parquet files"));
        } catch (FileNotFoundException e) {
            throw new UserError("cannot read " + uri + ": it does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read " + uri + ": " + StoreErrors.reason(e));
        }
    }

    /** The first data file by name, in the folder itself or else in its partition folders, depth first. */
    private static Optional<Path> firstParquet(FileSystem fs, Path folder) throws IOException {
        FileStatus[] children = fs.listStatus(folder);
        Arrays.sort(children, Comparator.comparing(child -> child.getPath().getName()));
        Optional<Path> here = Arrays.stream(children)
                .filter(child -> child.isFile() && isParquetName(child.getPath().getName()))
                .map(FileStatus::getPath)
                .findFirst();
        if (here.isPresent()) {
            return here;
        }
        for (FileStatus child : children) {
            if (child.isDirectory() && !isHidden(child.getPath().getName())) {
                Optional<Path> nested = firstParquet(fs, child.getPath());
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isHidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    /** Data files as Spark lists them: hidden ones (_SUCCESS, .crc) are not. */
    private static boolean isParquetName(String name) {
        return !isHidden(name) && name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
