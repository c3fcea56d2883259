package io.clipbatch.job.output;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * An output location and what to do when something is already there. An overwrite deletes only the
 * entries the command writes ({@link OutputFiles}) and refuses a location holding anything else;
 * {@code overwrite-all} deletes the whole location.
 */
public final class OutputTarget {
    /** {@code --mode}: refuse an existing output, replace what the command wrote there, or delete everything there. */
    public enum Mode {
        ERROR, OVERWRITE, OVERWRITE_ALL;

        /** The value {@code --mode} takes. */
        public String flag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final String uri;
    private final Mode mode;

    public OutputTarget(String uri, Mode mode) {
        this.uri = uri;
        this.mode = mode;
    }

    public static Mode parseMode(String text) {
        for (Mode mode : Mode.values()) {
            if (mode.flag().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new UserError("--mode must be error, overwrite or overwrite-all, not '" + text + "'");
    }

    public String uri() {
        return uri;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Fails early, before any model is loaded, when the output exists and the mode forbids replacing
     * it, or when an overwrite would have to delete an entry the command did not write.
     */
    public void checkWritable(SparkSession spark, OutputFiles ours) {
        if (mode == Mode.ERROR && exists(spark)) {
            throw new UserError("output " + uri + " already exists; pass --mode overwrite to replace it");
        }
        if (mode == Mode.OVERWRITE) {
            String foreign = foreignContent(spark, ours);
            if (foreign != null) {
                throw new UserError("output " + uri + " " + foreign + ", which this command did not write; "
                        + "move it away, choose another --output, or pass --mode overwrite-all to delete everything "
                        + "there");
            }
        }
    }

    /**
     * Makes way for a new run: refuses what {@link #checkWritable} refuses, then deletes the entries
     * in {@code ours} (overwrite) or the whole location (overwrite-all).
     */
    public void clear(SparkSession spark, OutputFiles ours) {
        checkWritable(spark, ours);
        if (mode == Mode.ERROR || !exists(spark)) {
            return;
        }
        Path root = new Path(uri);
        try {
            FileSystem fs = fs(spark);
            if (mode == Mode.OVERWRITE_ALL) {
                fs.delete(root, true);
                return;
            }
            for (FileStatus entry : fs.listStatus(root)) {
                if (ours.owns(entry.getPath().getName())) {
                    fs.delete(entry.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot replace output " + uri + ": " + StoreErrors.reason(e));
        }
    }

    /** Writes rows as Parquet with the provenance in every file's footer, after {@link #clear} with Spark's files. */
    public void write(Dataset<Row> rows, Provenance provenance) {
        clear(rows.sparkSession(), OutputFiles.SPARK_PARQUET);
        rows.write()
                .format(ProvenanceParquetFormat.class.getName())
                .mode(SaveMode.Append)
                .option(ProvenanceWriteSupport.PROVENANCE_KEY, provenance.toJson())
                .save(uri);
    }

    boolean exists(SparkSession spark) {
        try {
            Path path = new Path(uri);
            FileSystem fs = fs(spark);
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

    /** What of the output {@code ours} does not own, as "holds NAME" or "is a file"; null when all is ours. */
    private String foreignContent(SparkSession spark, OutputFiles ours) {
        if (!exists(spark)) {
            return null;
        }
        try {
            Path root = new Path(uri);
            FileSystem fs = fs(spark);
            if (fs.getFileStatus(root).isFile()) {
                return "is a file";
            }
            for (FileStatus entry : fs.listStatus(root)) {
                if (!ours.owns(entry.getPath().getName())) {
                    return "holds " + entry.getPath().getName() + (entry.isDirectory() ? "/" : "");
                }
            }
            return null;
        } catch (IOException e) {
            throw new UserError("cannot list output " + uri + ": " + StoreErrors.reason(e));
        }
    }

    private FileSystem fs(SparkSession spark) throws IOException {
        return new Path(uri).getFileSystem(spark.sparkContext().hadoopConfiguration());
    }
}
