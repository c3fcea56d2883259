package io.clipbatch.udfs.input;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/** Folders listed through the Hadoop FileSystem API: object stores and HDFS, which hold no symlinks. */
final class HadoopFolders implements FolderTop.Subtrees {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> conf;

    private HadoopFolders(Broadcast<SerializableConfiguration> conf) {
        this.conf = conf;
    }

    static FolderTop top(SparkSession spark, Path root) {
        List<ListedFile> files = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (FileStatus status : listTop(spark, root)) {
            if (ImageInputs.isHidden(status.getPath())) {
                continue;
            }
            if (status.isDirectory()) {
                folders.add(status.getPath().toString());
            } else if (ImageInputs.isImage(status.getPath())) {
                files.add(listed(status));
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new FolderTop(files, folders, new HadoopFolders(
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()))));
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

    @Override
    public List<ListedFile> imagesUnder(String folder) {
        Path dir = new Path(folder);
        List<ListedFile> found = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf.value().get());
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                LocatedFileStatus status = it.next();
                if (ImageInputs.isImage(status.getPath()) && !hiddenBelow(dir, status.getPath())) {
                    found.add(listed(status));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + " failed", e);
        }
        found.sort(Comparator.comparing(ListedFile::path));
        return found;
    }

    private static ListedFile listed(FileStatus status) {
        return new ListedFile(status.getPath().toString(), status.getLen(), status.getModificationTime());
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
