package io.clipbatch.job;

import io.clipbatch.udfs.input.ImageInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Leaves two images of a folder whose paths hash to one chunk of two. Which paths do depends on the
 * temporary folder's name, so the folder should hold many: from 24, two or more land in a given chunk but
 * for a chance of 25 in 2^24.
 */
public final class ChunkPicks {
    private ChunkPicks() {}

    /** Deletes every image of {@code folder} but the first two (by path) in chunk {@code chunk} of 2. */
    public static void keepTwoInChunk(SparkSession spark, Path folder, int chunk) throws IOException {
        List<String> keep = ImageInputs.open(spark, folder.toString(), "path")
                .selectExpr("path", "pmod(hash(path), 2) as chunk").filter("chunk = " + chunk).orderBy("path")
                .limit(2).collectAsList().stream()
                .map(row -> new org.apache.hadoop.fs.Path(row.getString(0)).getName()).toList();
        if (keep.size() != 2) {
            throw new IllegalStateException("fewer than two images of " + folder + " hash to chunk " + chunk);
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> !keep.contains(f.getFileName().toString())).toList()) {
                Files.delete(file);
            }
        }
    }
}
