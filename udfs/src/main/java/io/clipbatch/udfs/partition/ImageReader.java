package io.clipbatch.udfs.partition;

import io.clipbatch.core.pipeline.ReadException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads image files through the Hadoop FileSystem API, so that local paths, {@code hdfs://}
 * and {@code s3a://} all work the same on executors. Failures come back as short reasons
 * ({@link ReadException}).
 */
public final class ImageReader implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DANGLING_SYMLINK = "read: dangling symlink";
    /** A local file or folder this user may not read, or an object the credentials may not read (HTTP 403). */
    public static final String PERMISSION_DENIED = "read: permission denied";

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
                throw new ReadException(localProblem(location, "read: is a directory"));
            }
            if (status.getLen() > maxBytes) {
                throw new ReadException("read: file larger than " + maxBytes + " bytes");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new ReadException(localProblem(location, "read: no such file"));
        } catch (AccessDeniedException e) {
            throw new ReadException(PERMISSION_DENIED);
        } catch (IllegalArgumentException e) {
            throw new ReadException("read: invalid path (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ReadException("read: " + oneLine(e));
        }
    }

    /**
     * On the local file system, Hadoop reports a dangling symlink and a file it may not open both as
     * "not found", and an unreadable folder as a folder: this tells them apart, in the words of
     * {@code ls}. Elsewhere, and when neither applies, the reason is {@code otherwise}.
     */
    private String localProblem(String location, String otherwise) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf());
            if (!"file".equals(fs.getScheme())) {
                return otherwise;
            }
            java.nio.file.Path local = new File(fs.makeQualified(path).toUri().getPath()).toPath();
            if (Files.isSymbolicLink(local) && !Files.exists(local)) {
                return DANGLING_SYMLINK;
            }
            if (Files.exists(local) && !Files.isReadable(local)) {
                return PERMISSION_DENIED;
            }
            return otherwise;
        } catch (IOException | IllegalArgumentException e) {
            return otherwise;
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
}
