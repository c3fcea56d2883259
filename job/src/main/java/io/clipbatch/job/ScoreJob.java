package io.clipbatch.job;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.job.output.ChunkPlan;
import io.clipbatch.job.output.ChunkedOutput;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.job.output.RetryErrors;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.DriverDevice;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.ImageInputs;
import io.clipbatch.udfs.input.TextFiles;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The driver of {@code score}: input rows in, the text tower run once for the zero-shot head,
 * the head broadcast, {@link ClipScoring} over the chunks, Parquet out.
 */
public final class ScoreJob {
    /**
     * What {@code score} was asked to do: how to score (the typed spec, its path column the input's),
     * what to read and where to write.
     *
     * @param classes    the class-name file that enables zero-shot, or null
     * @param templates  the template file, or null for {@link ClipScoring#DEFAULT_TEMPLATES}
     * @param chunkSize  images per chunk: one Spark task and one output file
     */
    public record Settings(ScoringSpec scoring, String input, OutputTarget output, String classes, String templates,
                           int chunkSize) {

        /** Checked where the command line builds it, before Spark starts and the output is touched. */
        public Settings {
            UserError.requireAtLeast("--chunk-size", chunkSize, 1);
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

    private final SparkSession spark;
    private final Settings settings;
    private final ScoringSpec spec;
    private final Continuation continuation;

    public ScoreJob(SparkSession spark, Settings settings) {
        this(spark, settings, Continuation.NONE);
    }

    public ScoreJob(SparkSession spark, Settings settings, Continuation continuation) {
        this.spark = spark;
        this.settings = settings;
        this.spec = settings.scoring();
        this.continuation = continuation;
        DeviceFailures.checkOnDriver(spark, spec.device());
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
        Model model = loadModel();
        Bundle bundle = model.bundle();
        Provenance provenance = model.provenance();
        ZeroShotHead head = model.head();
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

    /**
     * What a run loads once on the driver: the bundle, the provenance of what it writes, and the
     * zero-shot head (null without {@code --classes}).
     */
    public record Model(Bundle bundle, Provenance provenance, ZeroShotHead head) {
    }

    /** Loads the bundle and, with classes, runs the text tower once for the zero-shot head. */
    public Model loadModel() {
        Bundle bundle = Bundle.load(spec.modelDir());
        Provenance provenance = Provenance.of(bundle);
        provenance.put("clip_batch.preprocess.mode", spec.preprocess().cliName())
                .put("clip_batch.embedding.dtype", spec.embeddingDtype().lowerCase());
        return new Model(bundle, provenance, zeroShotHead(bundle, provenance));
    }

    /**
     * The plan's chunks, without those in {@code skip}, scored: cut first, so that a skipped chunk's
     * images are never read. What {@link ChunkedOutput#write} takes.
     */
    public Dataset<Row> scoreChunks(Dataset<Row> input, String pathColumn, ChunkPlan plan, Set<Integer> skip,
                                    ZeroShotHead head) {
        return ClipScoring.score(ChunkedOutput.chunk(input, pathColumn, plan, skip),
                spec.withColumns(pathColumn, null), head);
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
        reads.add(PathOverlap.Read.local("--model", spec.modelDir()));
        return reads;
    }

    /** A run's plan, the chunks already in the output, and the rows of the others, scored. */
    private record Chunks(ChunkPlan plan, SortedSet<Integer> committed, Dataset<Row> rows) {
    }

    private Chunks scoreInput(ChunkedOutput output, Bundle bundle, Provenance provenance, ZeroShotHead head) {
        Dataset<Row> input = ImageInputs.open(spark, settings.input(), spec.pathColumn());
        String pathColumn = ImageInputs.pathColumnOf(input, spec.pathColumn());
        ChunkPlan plan = output.begin(plan(input.count(), settings.input(), pathColumn, provenance),
                continuation.resume());
        SortedSet<Integer> committed = output.committedChunks();
        return new Chunks(plan, committed, scoreChunks(input, pathColumn, plan, committed, head));
    }

    /** The previous output's rows, those with an error scored again before the shuffle into chunks. */
    private Chunks retryErrors(ChunkedOutput output, Bundle bundle, Provenance provenance, ZeroShotHead head) {
        RetryErrors retry = RetryErrors.open(spark, continuation.retryErrors(), head != null,
                spec.embeddingDtype().lowerCase());
        // Built before the output is begun (cleared or planned), so that a mismatch leaves it untouched.
        Dataset<Row> merged = retry.kept().unionByName(ClipScoring.score(
                Partitions.spread(retry.toRescore(), settings.chunkSize()), spec.withColumns(ScoreSchema.PATH, null), head));
        ChunkPlan plan = output.begin(plan(retry.rows(), continuation.retryErrors(), ScoreSchema.PATH, provenance),
                continuation.resume());
        SortedSet<Integer> committed = output.committedChunks();
        return new Chunks(plan, committed, ChunkedOutput.chunk(merged, ScoreSchema.PATH, plan, committed));
    }

    /** The plan of {@code rows} input rows in chunks of {@code --chunk-size}. */
    public ChunkPlan plan(long rows, String input, String pathColumn, Provenance provenance) {
        return ChunkPlan.of(rows, settings.chunkSize(), spark.sparkContext().defaultParallelism(), input,
                pathColumn, provenance.entries().get(Provenance.VISUAL_SHA256))
                .withScoring(ChunkPlan.scoringOf(provenance.entries()));
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
                ? ClipScoring.DEFAULT_TEMPLATES : TextFiles.templates(spark, settings.templates(), "--templates");
        provenance.put("clip_batch.zeroshot.classes", String.valueOf(classes.size()))
                .put("clip_batch.zeroshot.templates", String.valueOf(templates.size()))
                .put("clip_batch.zeroshot.classes.sha256", Provenance.sha256(classes))
                .put("clip_batch.zeroshot.templates.sha256", Provenance.sha256(templates))
                .put("clip_batch.zeroshot.top_k", String.valueOf(spec.topK()));
        return ClipScoring.zeroShotHead(bundle, DriverDevice.of(spark, spec.device()), spec.intraOpThreads(),
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
