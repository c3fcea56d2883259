package io.clipbatch.job.cli;

import io.clipbatch.job.UserError;
import io.clipbatch.job.output.StoreErrors;
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
        Path first = firstFile(conf, uri);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(first, conf))) {
            String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
            return json == null ? Optional.empty() : Optional.of((StructType) DataType.fromJson(json));
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
            return Arrays.stream(fs.listStatus(path))
                    .filter(child -> child.isFile() && isParquetName(child.getPath().getName()))
                    .map(FileStatus::getPath)
                    .min(Comparator.comparing(Path::getName))
                    .orElseThrow(() -> new UserError("cannot read " + uri + " as Parquet: the folder holds no *.parquet files"));
        } catch (FileNotFoundException e) {
            throw new UserError("cannot read " + uri + ": it does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read " + uri + ": " + StoreErrors.reason(e));
        }
    }

    /** Data files as Spark lists them: hidden ones (_SUCCESS, .crc) are not. */
    private static boolean isParquetName(String name) {
        return !name.startsWith("_") && !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
