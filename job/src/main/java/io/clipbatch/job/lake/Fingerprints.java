package io.clipbatch.job.lake;

import static org.apache.spark.sql.functions.col;

import io.clipbatch.udfs.input.ImageListing;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds {@code content_fingerprint} to the input rows: what an incremental run compares to find images
 * whose bytes changed. A manifest column as it is; size and modification time from the folder listing
 * ({@code ImageInputs.openWithFileStatus}), which costs nothing more; otherwise one Hadoop file-system
 * call per image on the executors (a stat for a manifest's paths, or a read for sha256). An image that
 * cannot be reached has none (its scoring then gives the error).
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static Dataset<Row> add(Dataset<Row> input, String pathColumn, LakeSettings.Fingerprint kind,
                                   String fingerprintColumn) {
        Dataset<Row> rows = input.drop(LakeColumns.CONTENT_FINGERPRINT);
        if (fingerprintColumn != null) {
            return rows.withColumn(LakeColumns.CONTENT_FINGERPRINT, col(fingerprintColumn).cast(DataTypes.StringType))
                    .drop(ImageListing.FILE_SIZE, ImageListing.FILE_MODIFIED);
        }
        StructType schema = rows.schema().add(LakeColumns.CONTENT_FINGERPRINT, DataTypes.StringType, true);
        SerializableConfiguration conf = new SerializableConfiguration(
                rows.sparkSession().sparkContext().hadoopConfiguration());
        boolean listed = kind == LakeSettings.Fingerprint.LISTING
                && Arrays.asList(rows.columns()).contains(ImageListing.FILE_SIZE);
        Stat stat = new Stat(conf, schema.fieldIndex(pathColumn), kind,
                listed ? schema.fieldIndex(ImageListing.FILE_SIZE) : -1,
                listed ? schema.fieldIndex(ImageListing.FILE_MODIFIED) : -1);
        return rows.map(stat, Encoders.row(schema)).drop(ImageListing.FILE_SIZE, ImageListing.FILE_MODIFIED);
    }

    /**
     * Each row with its image's fingerprint appended: from the listing's size and
     * time columns where the rows have them ({@code sizeIndex} not -1), else from the file system.
     */
    private record Stat(SerializableConfiguration conf, int pathIndex, LakeSettings.Fingerprint kind, int sizeIndex,
                        int modifiedIndex) implements MapFunction<Row, Row> {
        @Override
        public Row call(Row row) {
            return withFingerprint(row);
        }

        private Row withFingerprint(Row row) {
            Object[] values = new Object[row.length() + 1];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            values[row.length()] = sizeIndex >= 0 ? listed(row) : row.isNullAt(pathIndex) ? null
                    : fingerprint(row.getString(pathIndex));
            return RowFactory.create(values);
        }

        private String fingerprint(String location) {
            try {
                Path path = new Path(location);
                FileSystem fs = path.getFileSystem(conf.get());
                if (kind == LakeSettings.Fingerprint.SHA256) {
                    return sha256(fs, path);
                }
                FileStatus status = fs.getFileStatus(path);
                return sizeAndTime(status.getLen(), status.getModificationTime());
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        }

        /** The listing's size and time; none where the listing could not reach the file (its read says why). */
        private String listed(Row row) {
            return row.isNullAt(sizeIndex) || row.isNullAt(modifiedIndex) ? null
                    : sizeAndTime(row.getLong(sizeIndex), row.getLong(modifiedIndex));
        }

        private static String sizeAndTime(long size, long modifiedMillis) {
            return size + ":" + modifiedMillis;
        }

        private static String sha256(FileSystem fs, Path path) throws IOException {
            try (InputStream in = new DigestInputStream(fs.open(path), MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
