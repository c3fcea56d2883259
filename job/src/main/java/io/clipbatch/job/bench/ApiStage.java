package io.clipbatch.job.bench;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.ml.ClipImageEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The same images embedded through each way in: the {@code score} job, the {@link ClipImageEmbedder}
 * transformer and the {@code clip_score} table function, each writing Parquet, in turns within one
 * warm Spark session so that the machine's drift falls on all three alike. The command's own figure
 * is the median of each one's rounds.
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

    /**
     * An untimed warm-up round (JIT, sessions, Spark's own caches), then {@code rounds} timed rounds of
     * all three; each round starts with the next one, so that none always runs first or last.
     */
    public static List<Run> run(SparkSession spark, ScoringSpec spec, BenchImages images, Path work, int count,
                                int rounds) {
        String manifest = manifest(spark, images, work, count);
        Api[] apis = Api.values();
        for (Api api : apis) {
            once(spark, spec, api, manifest, work, 0);
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < apis.length; i++) {
                runs.add(once(spark, spec, apis[(round - 1 + i) % apis.length], manifest, work, round));
            }
        }
        return runs;
    }

    /**
     * Each way in's median images/s over the rounds, and the median of its per-round ratio to
     * {@code score}'s: a ratio within one round holds when the machine's speed drifts between rounds.
     */
    public static List<String> medians(List<Run> runs) {
        List<String> lines = new ArrayList<>();
        for (Api api : Api.values()) {
            double[] ratios = runs.stream().filter(run -> run.api() == api)
                    .mapToDouble(run -> run.imagesPerSecond() / rateOf(runs, Api.SCORE, run.round())).toArray();
            lines.add(String.format(Locale.ROOT, "api %-11s median %8.1f images/s, %.3fx score (median of %d rounds'"
                            + " ratios)", api.name().toLowerCase(Locale.ROOT),
                    median(runs.stream().filter(run -> run.api() == api).mapToDouble(Run::imagesPerSecond).toArray()),
                    median(ratios), ratios.length));
        }
        return lines;
    }

    private static double rateOf(List<Run> runs, Api api, int round) {
        return runs.stream().filter(run -> run.api() == api && run.round() == round).findFirst().orElseThrow()
                .imagesPerSecond();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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

    /** Writes the rows and counts them back, as the score job's summary counts what it wrote. */
    private static long write(Dataset<Row> rows, String output) {
        rows.write().mode("overwrite").parquet(output);
        return rows.sparkSession().read().parquet(output).count();
    }

    private static String manifest(SparkSession spark, BenchImages images, Path work, int count) {
        String manifest = work.resolve("api-manifest-" + count).toString();
        List<String> paths = IntStream.range(0, count).mapToObj(i -> images.path(i).toString()).toList();
        spark.createDataset(paths, Encoders.STRING()).toDF("path").write().mode("overwrite").parquet(manifest);
        return manifest;
    }
}
