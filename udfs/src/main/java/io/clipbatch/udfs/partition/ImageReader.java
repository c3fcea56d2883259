package io.clipbatch.udfs.partition;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads image files through the Hadoop FileSystem API, so that local paths, {@code hdfs://}
 * and {@code s3a://} all work the same on executors. Failures come back as short reasons.
 */
public final class ImageReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializableConfiguration hadoopConf;
    private final long maxBytes;

    public ImageReader(SerializableConfiguration hadoopConf, long maxBytes) {
        this.hadoopConf = hadoopConf;
        this.maxBytes = maxBytes;
    }

    /** The file's bytes; throws {@link ReadException} with a short reason. */
    public byte[] read(String location) throws ReadException {
        if (location == null || location.isBlank()) {
            throw new ReadException("read: empty path");
        }
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf());
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                throw new ReadException("read: is a directory");
            }
            if (status.getLen() > maxBytes) {
                throw new ReadException("read: file larger than " + maxBytes + " bytes");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new ReadException("read: no such file");
        } catch (IllegalArgumentException e) {
            throw new ReadException("read: invalid path (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ReadException("read: " + oneLine(e));
        }
    }

    private Configuration conf() {
        return hadoopConf.get();
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A file that could not be read; the message is the row's {@code error} value. */
    public static final class ReadException extends Exception {
        private static final long serialVersionUID = 1L;

        public ReadException(String reason) {
            super(reason, null, false, false);
        }
    }
}
