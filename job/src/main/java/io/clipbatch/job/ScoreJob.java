package io.clipbatch.job;

import io.clipbatch.job.input.ImageInputs;
import io.clipbatch.job.input.TextFiles;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.bundle.Bundle;
import io.clipbatch.udfs.partition.PartitionScorer;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.partition.ScoringSpec;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import io.clipbatch.udfs.zeroshot.ZeroShotHead;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The driver of {@code score}: input rows in, the text tower run once for the zero-shot head,
 * the head broadcast, {@link PartitionScorer} over the partitions, Parquet out.
 */
public final class ScoreJob {
    /** The default prompt when only class names are given: CLIP's own. */
    public static final List<String> DEFAULT_TEMPLATES = List.of("a photo of a {}.");

    private static final long MAX_FILE_BYTES = 256L << 20;

    /** What {@code score} was asked to do. */
    public record Settings(Path model, String device, int intraOpThreads, String input, OutputTarget output,
                           String pathColumn, String classes, String templates, int topK, int batchSize,
                           int readerThreads, int imagesPerPartition, boolean exifTranspose, long maxPixels) {
    }

    /** What a run did. */
    public record Summary(long rows, long errors, double wallSeconds) {
        public double imagesPerSecond() {
            return wallSeconds > 0 ? rows / wallSeconds : 0;
        }

        public String line() {
            return String.format("clip-batch: %d rows, %d errors, %.1f s, %.1f images/s",
                    rows, errors, wallSeconds, imagesPerSecond());
        }
    }

    /**
     * Throughput choices that leave the rows' meaning alone: {@code exact} or {@code fast} preprocessing,
     * {@code float32} or {@code float16} embeddings, decoder threads per executor (0: one per core).
     */
    public record Tuning(String preprocess, String embeddingDtype, int decoderThreads) {
        public static final Tuning DEFAULT = new Tuning("exact", "float32", 0);
    }

    private final SparkSession spark;
    private final Settings settings;
    private final Tuning tuning;

    public ScoreJob(SparkSession spark, Settings settings) {
        this(spark, settings, Tuning.DEFAULT);
    }

    public ScoreJob(SparkSession spark, Settings settings, Tuning tuning) {
        this.spark = spark;
        this.settings = settings;
        this.tuning = tuning;
    }

    public Summary run() {
        long start = System.nanoTime();
        settings.output().checkWritable(spark);
        Bundle bundle = Bundle.load(settings.model());
        Dataset<Row> input = ImageInputs.open(spark, settings.input(), settings.pathColumn());
        String pathColumn = ImageInputs.pathColumnOf(input, settings.pathColumn());
        Provenance provenance = Provenance.of(bundle);
        provenance.put("clip_batch.preprocess.mode", tuning.preprocess())
                .put("clip_batch.embedding.dtype", tuning.embeddingDtype());
        ZeroShotHead head = zeroShotHead(bundle, provenance);
        Dataset<Row> scored = score(input, pathColumn, null, bundle, head);
        try (LocalProgress progress = LocalProgress.startIfLocal(spark)) {
            settings.output().write(scored, provenance);
        }
        return summarize(start);
    }

    /**
     * Scores rows that carry a path column and, optionally, a column of encoded image bytes (null:
     * read each image from its path). The eval job calls this with its own rows.
     */
    public Dataset<Row> score(Dataset<Row> input, String pathColumn, String bytesColumn, Bundle bundle,
                              ZeroShotHead head) {
        return scoreAsPartitioned(spread(input), pathColumn, bytesColumn, bundle, head);
    }

    /** {@link #score} keeping the input's partitions (e.g. one task per tar shard): no count, no shuffle. */
    public Dataset<Row> scoreAsPartitioned(Dataset<Row> partitioned, String pathColumn, String bytesColumn,
                                           Bundle bundle, ZeroShotHead head) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ScoringSpec spec = scoringSpec(bundle, pathColumn, bytesColumn);
        Broadcast<SerializableConfiguration> hadoopConf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Broadcast<ZeroShotHead> broadcastHead = head == null ? null : jsc.broadcast(head);
        StructType outputSchema = ScoreSchema.output(partitioned.schema(), pathColumn, head != null,
                spec.float16Embeddings());
        return partitioned.mapPartitions(new PartitionScorer(spec, partitioned.schema(), hadoopConf, broadcastHead),
                Encoders.row(outputSchema));
    }

    /** What an executor needs to score rows of this input with this bundle. */
    public ScoringSpec scoringSpec(Bundle bundle, String pathColumn, String bytesColumn) {
        return new ScoringSpec(bundle.root().toAbsolutePath().toString(), settings.device(),
                settings.intraOpThreads(), settings.batchSize(), settings.readerThreads(), pathColumn,
                bytesColumn, settings.topK(), settings.exifTranspose(), settings.maxPixels(), MAX_FILE_BYTES)
                .withPreprocess(tuning.preprocess()).withEmbeddingDtype(tuning.embeddingDtype())
                .withDecoderThreads(tuning.decoderThreads());
    }

    /** Enough tasks to keep every core busy, none so large that a retry costs much. */
    public Dataset<Row> spread(Dataset<Row> input) {
        long rows = input.count();
        int wanted = (int) Math.max(spark.sparkContext().defaultParallelism(),
                (rows + settings.imagesPerPartition() - 1) / settings.imagesPerPartition());
        return input.rdd().getNumPartitions() == wanted ? input : input.repartition(wanted);
    }

    private ZeroShotHead zeroShotHead(Bundle bundle, Provenance provenance) {
        if (settings.classes() == null) {
            if (settings.templates() != null) {
                throw new UserError("--templates needs --classes");
            }
            return null;
        }
        List<String> classes = TextFiles.nonEmptyLines(spark, settings.classes(), "--classes");
        List<String> templates = settings.templates() == null
                ? DEFAULT_TEMPLATES : TextFiles.nonEmptyLines(spark, settings.templates(), "--templates");
        provenance.put("clip_batch.zeroshot.classes", String.valueOf(classes.size()))
                .put("clip_batch.zeroshot.templates", String.valueOf(templates.size()));
        return ZeroShotHeads.build(bundle, settings.device(), settings.intraOpThreads(), classes, templates);
    }

    private Summary summarize(long start) {
        Row counts = spark.read().parquet(settings.output().uri())
                .agg(functions.count(functions.lit(1)), functions.count(functions.col(ScoreSchema.ERROR)))
                .first();
        return new Summary(counts.getLong(0), counts.getLong(1), (System.nanoTime() - start) / 1e9);
    }
}
