package io.clipbatch.job;

import io.clipbatch.job.input.ImageInputs;
import io.clipbatch.job.input.TextFiles;
import io.clipbatch.job.output.ChunkPlan;
import io.clipbatch.job.output.ChunkedOutput;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.job.output.RetryErrors;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.udfs.partition.PartitionScorer;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.partition.ScoringSpec;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
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

    /**
     * What {@code score} was asked to do. {@code imagesPerPartition} is the images per Spark task:
     * in {@link #run} that is the chunk size, a chunk being one task and one output file.
     */
    public record Settings(Path model, Device device, int intraOpThreads, String input, OutputTarget output,
                           String pathColumn, String classes, String templates, int topK, int batchSize,
                           int readerThreads, int imagesPerPartition, boolean exifTranspose, long maxPixels) {

        /**
         * Checked where the command line builds it, before Spark starts and the output is touched
         * ({@link io.clipbatch.job.cli.BatchOptions} and {@link io.clipbatch.job.cli.RuntimeOptions} check theirs).
         */
        public Settings {
            UserError.requireAtLeast("--top-k", topK, 1);
            UserError.requireAtLeast("--chunk-size", imagesPerPartition, 1);
            UserError.requireAtLeast("--max-pixels", maxPixels, 1);
        }
    }

    /**
     * How {@link #run} treats an output that a run already started.
     *
     * @param resume       keep the chunks already committed and score only the others
     * @param retryErrors  a previous output whose rows with an {@code error} are scored again (null: none);
     *                     it is then the input, and the new output holds all of its rows
     */
    public record Continuation(boolean resume, String retryErrors) {
        public static final Continuation NONE = new Continuation(false, null);
    }

    /**
     * What a run did.
     *
     * @param rows           rows in the output
     * @param errors         of which rows with an error
     * @param chunks         chunks in the plan
     * @param chunksSkipped  chunks committed before this run started (resume)
     * @param chunksWritten  chunks this run scored and committed
     * @param rowsWritten    rows in those chunks
     */
    public record Summary(long rows, long errors, double wallSeconds, int chunks, int chunksSkipped,
                          long chunksWritten, long rowsWritten) {
        public double imagesPerSecond() {
            return wallSeconds > 0 ? rowsWritten / wallSeconds : 0;
        }

        public String line() {
            return String.format("clip-batch: %d rows, %d errors, %.1f s, %.1f images/s",
                    rows, errors, wallSeconds, imagesPerSecond());
        }

        /** The chunk counts, one line that logs and tests can read. */
        public String chunkLine() {
            return String.format("clip-batch: chunks: %d planned, %d committed before this run, %d written by it "
                    + "(%d rows)", chunks, chunksSkipped, chunksWritten, rowsWritten);
        }
    }

    /**
     * Throughput choices that leave the rows' meaning alone: {@code exact} or {@code fast} preprocessing,
     * {@code float32} or {@code float16} embeddings, decoder threads per executor (0: one per core).
     */
    public record Tuning(String preprocess, String embeddingDtype, int decoderThreads) {
        public static final Tuning DEFAULT = new Tuning("exact", "float32", 0);

        /** Checked where the command line builds it, so that a wrong flag is one line and exit 2. */
        public Tuning {
            if (!preprocess.equals("exact") && !preprocess.equals("fast")) {
                throw new UserError("--preprocess must be exact or fast, not '" + preprocess + "'");
            }
            if (!embeddingDtype.equals("float32") && !embeddingDtype.equals("float16")) {
                throw new UserError("--embedding-dtype must be float32 or float16, not '" + embeddingDtype + "'");
            }
            if (decoderThreads < 0) {
                throw new UserError("--decoder-threads must be 0 (one per core) or more");
            }
        }
    }

    private final SparkSession spark;
    private final Settings settings;
    private final Continuation continuation;
    private final Tuning tuning;

    public ScoreJob(SparkSession spark, Settings settings) {
        this(spark, settings, Continuation.NONE, Tuning.DEFAULT);
    }

    public ScoreJob(SparkSession spark, Settings settings, Tuning tuning) {
        this(spark, settings, Continuation.NONE, tuning);
    }

    public ScoreJob(SparkSession spark, Settings settings, Continuation continuation, Tuning tuning) {
        this.spark = spark;
        this.settings = settings;
        this.continuation = continuation;
        this.tuning = tuning;
        DeviceFailures.checkOnDriver(spark, settings.device());
    }

    /**
     * Scores the input into the output chunk by chunk (see {@link ChunkedOutput}): a fresh output,
     * the missing chunks of a started one with resume, or a copy of a previous output with its
     * failed rows scored again.
     */
    public Summary run() {
        long start = System.nanoTime();
        PathOverlap.refuse(spark.sparkContext().hadoopConfiguration(), settings.output().uri(), locationsRead());
        ChunkedOutput output = new ChunkedOutput(spark, settings.output());
        output.checkStart(continuation.resume());
        Bundle bundle = Bundle.load(settings.model());
        Provenance provenance = Provenance.of(bundle);
        provenance.put("clip_batch.preprocess.mode", tuning.preprocess())
                .put("clip_batch.embedding.dtype", tuning.embeddingDtype());
        ZeroShotHead head = zeroShotHead(bundle, provenance);
        Chunks chunks = continuation.retryErrors() == null
                ? scoreInput(output, bundle, provenance, head)
                : retryErrors(output, bundle, provenance, head);
        RunProgress.report(output.progress(chunks.plan()));
        ChunkedOutput.Written written = new ChunkedOutput.Written(0, 0);
        if (chunks.committed().size() < chunks.plan().chunks()) {
            try (LocalProgress progress = LocalProgress.startIfLocal(spark)) {
                written = DeviceFailures.stopJobOnFirst(spark,
                        () -> output.write(chunks.rows(), chunks.plan(), provenance));
            }
        }
        return summarize(start, chunks.plan(), chunks.committed().size(), written);
    }

    /** What the run reads, which its output must neither hold nor lie inside. */
    private List<PathOverlap.Read> locationsRead() {
        List<PathOverlap.Read> reads = new ArrayList<>();
        if (settings.input() != null) {
            reads.add(new PathOverlap.Read("--input", settings.input()));
        }
        if (continuation.retryErrors() != null) {
            reads.add(new PathOverlap.Read("--retry-errors", continuation.retryErrors()));
        }
        if (settings.model() != null) {
            reads.add(PathOverlap.Read.local("--model", settings.model()));
        }
        return reads;
    }

    /** A run's plan, the chunks already in the output, and the rows of the others, scored. */
    private record Chunks(ChunkPlan plan, SortedSet<Integer> committed, Dataset<Row> rows) {
    }

    private Chunks scoreInput(ChunkedOutput output, Bundle bundle, Provenance provenance, ZeroShotHead head) {
        Dataset<Row> input = ImageInputs.open(spark, settings.input(), settings.pathColumn());
        String pathColumn = ImageInputs.pathColumnOf(input, settings.pathColumn());
        ChunkPlan plan = output.begin(plan(input.count(), settings.input(), pathColumn, provenance),
                continuation.resume());
        SortedSet<Integer> committed = output.committedChunks();
        Dataset<Row> chunks = ChunkedOutput.chunk(input, pathColumn, plan, committed);
        return new Chunks(plan, committed, scoreAsPartitioned(chunks, pathColumn, null, bundle, head));
    }

    /** The previous output's rows, those with an error scored again before the shuffle into chunks. */
    private Chunks retryErrors(ChunkedOutput output, Bundle bundle, Provenance provenance, ZeroShotHead head) {
        RetryErrors retry = RetryErrors.open(spark, continuation.retryErrors(), head != null, tuning.embeddingDtype());
        // Built before the output is begun (cleared or planned), so that a mismatch leaves it untouched.
        Dataset<Row> merged = retry.kept().unionByName(score(retry.toRescore(), ScoreSchema.PATH, null, bundle, head));
        ChunkPlan plan = output.begin(plan(retry.rows(), continuation.retryErrors(), ScoreSchema.PATH, provenance),
                continuation.resume());
        SortedSet<Integer> committed = output.committedChunks();
        return new Chunks(plan, committed, ChunkedOutput.chunk(merged, ScoreSchema.PATH, plan, committed));
    }

    private ChunkPlan plan(long rows, String input, String pathColumn, Provenance provenance) {
        return ChunkPlan.of(rows, settings.imagesPerPartition(), spark.sparkContext().defaultParallelism(), input,
                pathColumn, provenance.entries().get(Provenance.VISUAL_SHA256))
                .withScoring(ChunkPlan.scoringOf(provenance.entries()));
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
                ? DEFAULT_TEMPLATES : TextFiles.templates(spark, settings.templates());
        provenance.put("clip_batch.zeroshot.classes", String.valueOf(classes.size()))
                .put("clip_batch.zeroshot.templates", String.valueOf(templates.size()))
                .put("clip_batch.zeroshot.classes.sha256", Provenance.sha256(classes))
                .put("clip_batch.zeroshot.templates.sha256", Provenance.sha256(templates))
                .put("clip_batch.zeroshot.top_k", String.valueOf(settings.topK()));
        return ZeroShotHeads.build(bundle, DeviceFailures.onDriver(spark, settings.device()), settings.intraOpThreads(),
                classes, templates);
    }

    private Summary summarize(long start, ChunkPlan plan, int skipped, ChunkedOutput.Written written) {
        Row counts = spark.read().parquet(settings.output().uri())
                .agg(functions.count(functions.lit(1)), functions.count(functions.col(ScoreSchema.ERROR)))
                .first();
        return new Summary(counts.getLong(0), counts.getLong(1), (System.nanoTime() - start) / 1e9, plan.chunks(),
                skipped, written.chunks(), written.rows());
    }
}
