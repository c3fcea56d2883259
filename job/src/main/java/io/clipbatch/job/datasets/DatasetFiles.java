package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A dataset's small files (class names, templates, annotations, listings) on any Hadoop file system. */
public final class DatasetFiles {
    private final Configuration conf;

    public DatasetFiles(Configuration conf) {
        this.conf = conf;
    }

    public Configuration conf() {
        return conf;
    }

    public static String child(String parent, String name) {
        return new Path(parent, name).toString();
    }

    public boolean isFile(String uri) {
        FileStatus status = statusOrNull(uri);
        return status != null && status.isFile();
    }

    public boolean isDirectory(String uri) {
        FileStatus status = statusOrNull(uri);
        return status != null && status.isDirectory();
    }

    /** The entries of a folder, sorted by name; hidden ({@code .}) entries left out. */
    public List<FileStatus> list(String uri) {
        try {
            Path dir = new Path(uri);
            List<FileStatus> entries = new ArrayList<>();
            for (FileStatus status : dir.getFileSystem(conf).listStatus(dir)) {
                if (!status.getPath().getName().startsWith(".")) {
                    entries.add(status);
                }
            }
            entries.sort(Comparator.comparing(s -> s.getPath().getName()));
            return entries;
        } catch (FileNotFoundException e) {
            throw new UserError("dataset folder " + uri + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot list " + uri + ": " + StoreErrors.reason(e));
        }
    }

    public byte[] read(String uri) {
        try {
            Path path = new Path(uri);
            try (InputStream in = path.getFileSystem(conf).open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new UserError(uri + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read " + uri + ": " + StoreErrors.reason(e));
        }
    }

    public String readText(String uri) {
        String text = new String(read(uri), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The file's lines, stripped, blank ones left out; a file without any is a mistake. */
    public List<String> lines(String uri) {
        List<String> lines = nonBlankLines(readText(uri));
        if (lines.isEmpty()) {
            throw new UserError(uri + " has no non-empty lines");
        }
        return lines;
    }

    static List<String> nonBlankLines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private FileStatus statusOrNull(String uri) {
        try {
            Path path = new Path(uri);
            return path.getFileSystem(conf).getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot open " + uri + ": " + StoreErrors.reason(e));
        }
    }

}
