package io.clipbatch.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The images a table is written from, in two states: the first load, then one image deleted, one
 * new and one whose bytes changed. Every content also sits, under its own name, in the folder that
 * one plain Parquet {@code score} reads for the reference rows.
 */
final class LakeImages {
    static final String KEPT_JPEG = "coffee_420.jpg";
    static final String KEPT_GRAY = "camera_gray.jpg";
    static final String CHANGED = "hubble_small.jpg";
    static final String DELETED = "coffee_444.jpg";
    static final String BROKEN = "empty.jpg";
    static final String NEW = "coffee_422.jpg";
    /** The bytes {@link #CHANGED} gets in the second state. */
    static final String CHANGED_CONTENT = "chelsea_cmyk.jpg";

    private static Map<String, ScoredRow> reference;

    private LakeImages() {}

    /** The first state's images in {@code dir}, as a table's first load sees them. */
    static void writeFirstState(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {KEPT_JPEG, KEPT_GRAY, CHANGED, DELETED, BROKEN}) {
            Files.copy(Project.GOLDEN_INPUTS.resolve(name), dir.resolve(name));
        }
    }

    /** Deletes one image, adds one and rewrites one with other bytes (and a later time, as a copy would give). */
    static void changeToSecondState(Path dir) throws IOException {
        Files.delete(dir.resolve(DELETED));
        Files.copy(Project.GOLDEN_INPUTS.resolve(NEW), dir.resolve(NEW));
        Path changed = dir.resolve(CHANGED);
        Files.copy(Project.GOLDEN_INPUTS.resolve(CHANGED_CONTENT), changed, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(60)));
    }

    static Map<String, ScoredRow> firstState() {
        return expected(Map.of(KEPT_JPEG, KEPT_JPEG, KEPT_GRAY, KEPT_GRAY, CHANGED, CHANGED, DELETED, DELETED,
                BROKEN, BROKEN));
    }

    static Map<String, ScoredRow> secondState() {
        return expected(Map.of(KEPT_JPEG, KEPT_JPEG, KEPT_GRAY, KEPT_GRAY, CHANGED, CHANGED_CONTENT, NEW, NEW,
                BROKEN, BROKEN));
    }

    /** File name in the table -> the reference row of the content it holds. */
    private static Map<String, ScoredRow> expected(Map<String, String> contentByName) {
        Map<String, ScoredRow> rows = new java.util.TreeMap<>();
        contentByName.forEach((name, content) -> rows.put(name, referenceRows().get(content)));
        return rows;
    }

    /** One plain Parquet score of every content, shared by the tests of this JVM. */
    private static synchronized Map<String, ScoredRow> referenceRows() {
        if (reference == null) {
            try {
                Path dir = Project.freshDir("reference");
                Path images = Files.createDirectories(dir.resolve("images"));
                for (String name : new String[] {KEPT_JPEG, KEPT_GRAY, CHANGED, DELETED, BROKEN, NEW, CHANGED_CONTENT}) {
                    Files.copy(Project.GOLDEN_INPUTS.resolve(name), images.resolve(name));
                }
                Path output = dir.resolve("parquet");
                ClipBatchJvm.score("reference-parquet", "--input", images.toString(), "--output", output.toString());
                reference = new LinkedHashMap<>(ParquetRows.read(output));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return reference;
    }
}
