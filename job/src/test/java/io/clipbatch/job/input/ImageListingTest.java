package io.clipbatch.job.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.udfs.input.ImageListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local folder gives one row per real file, whatever symlinks it holds. */
class ImageListingTest {
    static final Path IMAGE = SparkTestSession.GOLDEN_IMAGES.resolve("chelsea.jpg");

    static SparkSession spark;
    @TempDir
    Path work;

    @BeforeAll
    static void spark() {
        spark = SparkTestSession.get();
    }

    @Test
    void aSymlinkLoopListsEachImageOnce() throws IOException {
        Path root = Files.createDirectories(work.resolve("loop/sub"));
        Files.copy(IMAGE, root.resolve("a.jpg"));
        Files.createSymbolicLink(root.resolve("up"), Path.of(".."));
        Path input = root.getParent();

        assertEquals(List.of("sub/a.jpg"), listed(input));
    }

    @Test
    void twoLinksToOneFolderListItsImagesOnce() throws IOException {
        Path input = Files.createDirectories(work.resolve("in"));
        Files.copy(IMAGE, Files.createDirectories(input.resolve("photos")).resolve("inside.jpg"));
        Files.createSymbolicLink(input.resolve("link1"), Path.of("photos"));
        Files.createSymbolicLink(Files.createDirectories(input.resolve("deep")).resolve("link2"), Path.of("../photos"));
        Path outside = Files.createDirectories(work.resolve("elsewhere"));
        Files.copy(IMAGE, outside.resolve("outside.jpg"));
        Files.createSymbolicLink(input.resolve("ext1"), outside);
        Files.createSymbolicLink(input.resolve("photos/ext2"), outside);
        Files.createSymbolicLink(outside.resolve("back"), input); // and a loop through the outside folder

        assertEquals(List.of("ext1/outside.jpg", "photos/inside.jpg"), listed(input));
    }

    @Test
    void aDanglingSymlinkIsAnErrorRow() throws IOException {
        Path input = Files.createDirectories(work.resolve("dangling"));
        Files.copy(IMAGE, input.resolve("good.jpg"));
        Files.createSymbolicLink(input.resolve("gone.jpg"), work.resolve("nothing-here.jpg"));
        Files.createSymbolicLink(input.resolve("gone-folder"), work.resolve("no-folder"));
        Files.createSymbolicLink(input.resolve("gone-notes.txt"), work.resolve("nothing.txt")); // not an image name

        assertEquals(Map.of("good.jpg", "", "gone.jpg", "read: dangling symlink", "gone-folder", "read: dangling symlink"),
                scoredErrors(input));
    }

    @Test
    void anUnreadableFileOrFolderIsAnErrorRow() throws IOException {
        Path input = Files.createDirectories(work.resolve("locked"));
        Path file = Files.copy(IMAGE, input.resolve("secret.jpg"));
        Path folder = Files.createDirectories(input.resolve("sub/private"));
        Files.copy(IMAGE, folder.resolve("inside.jpg"));
        assumeFalse(((Integer) Files.getAttribute(file, "unix:uid")) == 0,
                "runs as root, which reads chmod 000 files: the S3 integration test covers 'read: permission denied'");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        try {
            assertEquals(Map.of("secret.jpg", "read: permission denied", "sub/private", "read: permission denied"),
                    scoredErrors(input));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void theListingCarriesTheSizeAndTimeAFileSystemStatGives() throws IOException {
        Path input = Files.createDirectories(work.resolve("status"));
        Files.copy(IMAGE, input.resolve("top.jpg"));
        Files.write(Files.createDirectories(input.resolve("sub")).resolve("small.png"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(input.resolve("sub/small.png"), FileTime.fromMillis(1_234_567_890_123L));
        Path outside = Files.copy(IMAGE, work.resolve("outside.jpg"));
        Files.createSymbolicLink(input.resolve("linked.jpg"), outside);
        Files.createSymbolicLink(input.resolve("sub/gone.jpg"), work.resolve("nothing-here.jpg"));
        String odd = "odd name %41:b#1.png";
        Files.copy(IMAGE, input.resolve(odd));
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(input.toUri());
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());

        List<Row> rows = ImageListing.listWithStatus(spark, root).collectAsList();

        assertEquals(5, rows.size());
        assertTrue(rows.stream().anyMatch(row -> row.getString(0).equals(
                new org.apache.hadoop.fs.Path(root, new org.apache.hadoop.fs.Path(null, null, odd)).toString())),
                "a file's path is written as Hadoop writes it: " + rows);
        for (Row row : rows) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(row.getString(0));
            if (path.getName().equals("gone.jpg")) {
                assertTrue(row.isNullAt(1) && row.isNullAt(2), "a dangling link has no size or time");
                continue;
            }
            FileStatus stat = fs.getFileStatus(path);
            assertEquals(stat.getLen(), row.getLong(1), path.toString());
            assertEquals(stat.getModificationTime(), row.getLong(2), path.toString());
        }
    }

    /** The listed paths, relative to the input and in listing order. */
    private static List<String> listed(Path input) {
        String prefix = "file:" + input + "/";
        return ImageListing.list(spark, new org.apache.hadoop.fs.Path(input.toUri())).collectAsList().stream()
                .map(row -> row.getString(0).substring(prefix.length()))
                .toList();
    }

    /** Each scored row's path, relative to the input, and its error ("" for none). */
    private Map<String, String> scoredErrors(Path input) {
        Path out = work.resolve("out-" + input.getFileName());
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", input.toString(), "--output", out.toString()));
        String prefix = "file:" + input + "/";
        Map<String, String> errors = new TreeMap<>();
        for (Row row : spark.read().parquet(out.toString()).select("path", "error").collectAsList()) {
            errors.put(row.getString(0).substring(prefix.length()), row.isNullAt(1) ? "" : row.getString(1));
        }
        return errors;
    }
}
