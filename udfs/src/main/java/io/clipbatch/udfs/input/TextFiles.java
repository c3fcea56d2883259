package io.clipbatch.udfs.input;

import io.clipbatch.udfs.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Small text files a user names (class names, templates), from any Hadoop file system. Each call
 * takes {@code option}, the user's name for the file ({@code --classes} on the command line,
 * {@code classes} in SQL), to start its refusals with.
 */
public final class TextFiles {
    private TextFiles() {}

    /** The file's lines, trimmed, without blank ones; a missing or empty file is the user's mistake. */
    public static List<String> nonEmptyLines(SparkSession spark, String uri, String option) {
        List<String> lines = new ArrayList<>();
        for (String line : read(spark, uri, option).split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        if (lines.isEmpty()) {
            throw new UserError(option + " " + uri + " has no non-empty lines");
        }
        return lines;
    }

    /** A templates file, every line checked by {@link TemplateFile}; {@code option} names it as the user did. */
    public static List<String> templates(SparkSession spark, String uri, String option) {
        return TemplateFile.parse(read(spark, uri, option), option + " " + uri);
    }

    /**
     * Every line of the file as written, empty ones included, so that line i is row i; a final
     * newline ends the last line rather than adding an empty one. A missing or empty file is the
     * user's mistake.
     */
    public static List<String> lines(SparkSession spark, String uri, String option) {
        List<String> lines = read(spark, uri, option).lines().toList();
        if (lines.isEmpty()) {
            throw new UserError(option + " " + uri + " has no lines");
        }
        return lines;
    }

    /** The text without the byte order mark that some editors put at the start of a UTF-8 file. */
    public static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String read(SparkSession spark, String uri, String option) {
        Path path = new Path(uri);
        try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return withoutByteOrderMark(text);
        } catch (FileNotFoundException e) {
            throw new UserError(option + " " + uri + " does not exist");
        } catch (IOException e) {
            throw new UserError("cannot read " + option + " " + uri + ": " + e.getMessage());
        }
    }
}
