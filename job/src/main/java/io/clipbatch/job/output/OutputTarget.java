package io.clipbatch.job.output;

import io.clipbatch.job.UserError;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** An output location and what to do when something is already there. */
public final class OutputTarget {
    /** {@code --mode}: refuse an existing output, or replace it. */
    public enum Mode { ERROR, OVERWRITE }

    private final String uri;
    private final Mode mode;

    public OutputTarget(String uri, Mode mode) {
        this.uri = uri;
        this.mode = mode;
    }

    public static Mode parseMode(String text) {
        try {
            return Mode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--mode must be error or overwrite, not '" + text + "'");
        }
    }

    public String uri() {
        return uri;
    }

    /** Fails early, before any model is loaded, when the output exists and the mode forbids replacing it. */
    public void checkWritable(SparkSession spark) {
        if (mode == Mode.ERROR && exists(spark)) {
            throw new UserError("output " + uri + " already exists; pass --mode overwrite to replace it");
        }
    }

    /** Makes way for a new run: refuses an existing output under {@code --mode error}, deletes it under overwrite. */
    void clear(SparkSession spark) {
        checkWritable(spark);
        if (mode == Mode.OVERWRITE && exists(spark)) {
            try {
                Path path = new Path(uri);
                path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
            } catch (IOException e) {
                throw new UserError("cannot replace output " + uri + ": " + StoreErrors.reason(e));
            }
        }
    }

    /** Writes rows as Parquet with the provenance in every file's footer. */
    public void write(Dataset<Row> rows, Provenance provenance) {
        rows.write()
                .format(ProvenanceParquetFormat.class.getName())
                .mode(mode == Mode.OVERWRITE ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .option(ProvenanceWriteSupport.PROVENANCE_KEY, provenance.toJson())
                .save(uri);
    }

    boolean exists(SparkSession spark) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return false;
            }
            FileStatus status = fs.getFileStatus(path);
            return status.isFile() || fs.listStatus(path).length > 0;
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot check output " + uri + ": "
                    + (e instanceof IOException io ? StoreErrors.reason(io) : e.getMessage()));
        }
    }
}
