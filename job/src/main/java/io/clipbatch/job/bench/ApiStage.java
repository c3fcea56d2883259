package io.clipbatch.job.bench;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.ml.ClipImageEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The same images embedded through each way in: the {@code score} job, the {@link ClipImageEmbedder}
 * transformer and the {@code clip_score} table function, each writing Parquet, in turns within one
 * warm Spark session so that the machine's drift falls on all three alike.
 */
public final class ApiStage {
    /** The three ways in, in the order each round runs them. */
    public enum Api { SCORE, TRANSFORMER, CLIP_SCORE }

    /** One timed run. */
    public record Run(Api api, int round, int images, double seconds) {
        public double imagesPerSecond() {
            return images / seconds;
        }

        public String line() {
            return String.format(Locale.ROOT, "api %-11s round %d %7d images %8.2f s %8.1f images/s",
                    api.name().toLowerCase(Locale.ROOT), round, images, seconds, imagesPerSecond());
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"stage\":\"api\",\"api\":\"%s\",\"round\":%d,\"images\":%d,"
                    + "\"seconds\":%.3f,\"images_per_s\":%.2f}", api.name().toLowerCase(Locale.ROOT), round, images,
                    seconds, imagesPerSecond());
        }
    }

    private ApiStage() {
    }

    /** A warm-up round on a tenth of the images, then {@code rounds} timed rounds of all three. */
    public static List<Run> run(SparkSession spark, ScoringSpec spec, BenchImages images, Path work, int count,
                                int rounds) {
        String manifest = manifest(spark, images, work, count);
        String warmUp = manifest(spark, images, work, Math.max(1, count / 10));
        for (Api api : Api.values()) {
            once(spark, spec, api, warmUp, work, 0);
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Api api : Api.values()) {
                runs.add(once(spark, spec, api, manifest, work, round));
            }
        }
        return runs;
    }

    private static Run once(SparkSession spark, ScoringSpec spec, Api api, String manifest, Path work, int round) {
        String output = work.resolve("api-" + api.name().toLowerCase(Locale.ROOT)).toString();
        long start = System.nanoTime();
        long rows = switch (api) {
            case SCORE -> score(spark, spec, manifest, output);
            case TRANSFORMER -> write(transformer(spark, spec, manifest), output);
            case CLIP_SCORE -> write(spark.sql("SELECT * FROM clip_score('" + manifest + "', '" + spec.model()
                    + "', map('batch_size', '" + spec.batchSize() + "', 'reader_threads', '" + spec.readerThreads()
                    + "', 'preprocess', '" + spec.preprocess().cliName() + "'))"), output);
        };
        return new Run(api, round, (int) rows, (System.nanoTime() - start) / 1e9);
    }

    private static long score(SparkSession spark, ScoringSpec spec, String manifest, String output) {
        ScoreJob.Settings settings = new ScoreJob.Settings(spec, manifest,
                new OutputTarget(output, OutputTarget.Mode.OVERWRITE), null, null, 10_000);
        return new ScoreJob(spark, settings).run().rowsWritten();
    }

    /** The manifest as a user of the transformer would feed it: one partition per core. */
    private static Dataset<Row> transformer(SparkSession spark, ScoringSpec spec, String manifest) {
        Dataset<Row> paths = spark.read().parquet(manifest).repartition(spark.sparkContext().defaultParallelism());
        return new ClipImageEmbedder().setModelPath(spec.model()).setBatchSize(spec.batchSize())
                .setReaderThreads(spec.readerThreads()).setPreprocess(spec.preprocess().cliName()).transform(paths);
    }

    private static long write(Dataset<Row> rows, String output) {
        rows.write().mode("overwrite").parquet(output);
        return rows.sparkSession().read().parquet(output).where(functions.col("error").isNull()).count();
    }

    private static String manifest(SparkSession spark, BenchImages images, Path work, int count) {
        String manifest = work.resolve("api-manifest-" + count).toString();
        List<String> paths = IntStream.range(0, count).mapToObj(i -> images.path(i).toString()).toList();
        spark.createDataset(paths, Encoders.STRING()).toDF("path").write().mode("overwrite").parquet(manifest);
        return manifest;
    }
}
