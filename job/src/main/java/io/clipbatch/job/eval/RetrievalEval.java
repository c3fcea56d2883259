package io.clipbatch.job.eval;

import static org.apache.spark.sql.functions.col;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.job.DeviceFailures;
import io.clipbatch.job.Partitions;
import io.clipbatch.job.datasets.CaptionedImages;
import io.clipbatch.job.datasets.DatasetFiles;
import io.clipbatch.job.datasets.DatasetReader;
import io.clipbatch.job.datasets.DatasetSpec;
import io.clipbatch.job.datasets.LabelledImages;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.ml.TextEmbedding;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code eval --task retrieval}: for every model and dataset, the images through the score job
 * (written to {@code predictions/}), their captions through the text tower on the executors
 * (written to {@code captions/}), then clip_benchmark's recall@{1,5,10} from what was written
 * ({@link RetrievalMetrics}). A sample that fails to decode, or has no captions, is an error row:
 * counted in {@code n_errors}, and neither it nor its captions take part.
 */
final class RetrievalEval {
    static final String NO_CAPTIONS = "no captions (.txt)";
    static final String CAPTION = "caption";
    static final String CAPTION_INDEX = "caption_index";

    private final SparkSession spark;
    private final EvalJob.Settings settings;
    private final PublishedNumbers published;
    private final WrittenPredictions completed;
    private final int captionsPerBlock;

    RetrievalEval(SparkSession spark, EvalJob.Settings settings, PublishedNumbers published,
                  WrittenPredictions completed, int captionsPerBlock) {
        this.spark = spark;
        this.settings = settings;
        this.published = published;
        this.completed = completed;
        this.captionsPerBlock = captionsPerBlock;
    }

    /** Opens every dataset (user errors first), then runs {@code clearOutput} and the matrix. */
    List<EvalResult> run(Runnable clearOutput) {
        for (ModelUnderTest model : settings.models()) {
            if (model.ensemble()) {
                throw new UserError("--task retrieval evaluates single models, not the ensemble " + model.name());
            }
        }
        DatasetReader reader = new DatasetReader(spark, settings.pathColumn(), settings.labelColumn());
        List<CaptionedImages> datasets = new ArrayList<>();
        for (DatasetSpec spec : settings.datasets()) {
            CaptionedImages images = reader.openCaptioned(spec, settings.captionsColumn());
            // Listings are read twice (count, then score); shards are worth keeping when several models read them.
            boolean keep = !images.shardPartitioned() || settings.models().size() > 1;
            datasets.add(keep ? images.withRows(images.rows().persist(StorageLevel.MEMORY_AND_DISK())) : images);
        }
        clearOutput.run();
        List<EvalResult> results = new ArrayList<>();
        try {
            for (ModelUnderTest model : settings.models()) {
                for (CaptionedImages dataset : datasets) {
                    results.add(evaluate(model, dataset));
                }
            }
        } finally {
            datasets.forEach(d -> d.rows().unpersist());
        }
        return results;
    }

    private EvalResult evaluate(ModelUnderTest model, CaptionedImages dataset) {
        Bundle bundle = Bundle.load(model.members().get(0).dir());
        ScoringSpec spec = settings.scoring().withModel(bundle.root().toAbsolutePath())
                .withColumns(LabelledImages.PATH, dataset.bytesColumn());
        String pair = "model=" + EvalJob.safe(model.name()) + "/dataset=" + EvalJob.safe(dataset.name());
        String imagesAt = DatasetFiles.child(DatasetFiles.child(settings.output().uri(), "predictions"), pair);
        String captionsAt = DatasetFiles.child(DatasetFiles.child(settings.output().uri(), "captions"), pair);
        PeakMemory.Max peak = new PeakMemory.Max();
        spark.sparkContext().register(peak, "clip-batch peak executor RSS");

        long start = System.nanoTime();
        Dataset<Row> scored = withCaptionErrors(LabelledImages.withReadErrors(ClipScoring.score(tasks(dataset), spec,
                null)));
        Dataset<Row> predictions = scored.mapPartitions(new PeakMemory(peak), Encoders.row(scored.schema()));
        completed.started();
        write(imagesAt, predictions, model, dataset);
        Dataset<Row> images = spark.read().parquet(imagesAt).filter(col(ScoreSchema.ERROR).isNull());
        write(captionsAt, embedCaptions(images, spec), model, dataset);
        completed.complete(model.name() + " on " + dataset.name());
        double wall = (System.nanoTime() - start) / 1e9;

        Row counts = spark.read().parquet(imagesAt).agg(functions.count(functions.lit(1)),
                functions.count(col(ScoreSchema.ERROR))).first();
        long errors = counts.getLong(1);
        long total = counts.getLong(0);
        RetrievalRecall recall = RetrievalMetrics.compute(images, spark.read().parquet(captionsAt), captionsPerBlock);
        String reference = published.modelFor(model.lookupName());
        return new EvalResult(model.name(), dataset.name(), dataset.format().name().toLowerCase(Locale.ROOT),
                total - errors, errors, 0, 0, "", "", null, null, null, wall, wall > 0 ? total / wall : 0,
                total > 0 ? 1000 * wall / total : 0, peak.value(), EvalJob.resolution(model), EvalJob.memberList(model),
                null, imagesAt, List.of(), List.of(), List.of(),
                Metrics.errors(spark.read().parquet(imagesAt), EvalJob.ERRORS_NAMED), recall,
                published.findRetrieval(reference, dataset.name()));
    }

    /** The dataset's rows as tasks: its own partitions (one per tar shard), or spread over the cores. */
    private Dataset<Row> tasks(CaptionedImages dataset) {
        return dataset.shardPartitioned() ? dataset.rows() : Partitions.spread(dataset.rows(), settings.imagesPerTask());
    }

    /** Drops the image bytes; a sample without captions becomes an error row, as one without an image. */
    private static Dataset<Row> withCaptionErrors(Dataset<Row> scored) {
        return scored.drop(LabelledImages.IMAGE_BYTES).withColumn(ScoreSchema.ERROR, functions.coalesce(
                col(ScoreSchema.ERROR), functions.when(col(CaptionedImages.CAPTIONS).isNull(),
                        functions.lit(NO_CAPTIONS))));
    }

    /** One row per caption of the images that scored, in dataset order, with its text embedding. */
    private static Dataset<Row> embedCaptions(Dataset<Row> images, ScoringSpec spec) {
        Dataset<Row> captions = images.select(col(CaptionedImages.IMAGE_INDEX),
                functions.posexplode(col(CaptionedImages.CAPTIONS)).as(new String[] {CAPTION_INDEX, CAPTION}));
        StructType schema = captions.schema()
                .add(ScoreSchema.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true);
        return captions.mapPartitions(new TextEmbedding(spec, captions.schema().fieldIndex(CAPTION)),
                Encoders.row(schema));
    }

    private void write(String where, Dataset<Row> rows, ModelUnderTest model, CaptionedImages dataset) {
        Provenance provenance = Provenance.of(Bundle.load(model.members().get(0).dir()))
                .put("clip_batch.eval.model", model.name())
                .put("clip_batch.eval.dataset", dataset.name())
                .put("clip_batch.eval.task", "retrieval");
        DeviceFailures.stopJobOnFirst(spark, () -> {
            new OutputTarget(where, OutputTarget.Mode.OVERWRITE).write(rows, provenance);
            return where;
        });
    }
}
