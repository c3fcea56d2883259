package io.clipbatch.udfs.sql;

import io.clipbatch.core.session.Device;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.DriverDevice;
import io.clipbatch.udfs.input.TextFiles;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * Zero-shot heads for {@code clip_score}, built on the driver and kept per (model, class names,
 * templates): the builder runs on every analysis of a query, EXPLAIN included, and the text tower
 * should not. The files are read every time, so that an edited file gives a new head.
 */
final class SqlHeads {
    private record Key(String modelDir, List<String> classes, List<String> templates) {}

    private static final Map<Key, ZeroShotHead> HEADS = new ConcurrentHashMap<>();

    private SqlHeads() {}

    /** The head for these options, or null when they name no classes. */
    static ZeroShotHead of(SparkSession spark, ScoreOptions options) {
        if (options.classes() == null) {
            return null;
        }
        List<String> classes = TextFiles.nonEmptyLines(spark, options.classes(), "classes");
        List<String> templates = options.templates() == null ? ClipScoring.DEFAULT_TEMPLATES
                : TextFiles.templates(spark, options.templates(), "templates");
        String modelDir = options.spec().model();
        return HEADS.computeIfAbsent(new Key(modelDir, classes, templates), key -> ClipScoring.zeroShotHead(
                SqlModels.bundle(modelDir), DriverDevice.of(spark, options.spec().device()),
                options.spec().intraOpThreads(), classes, templates));
    }
}
