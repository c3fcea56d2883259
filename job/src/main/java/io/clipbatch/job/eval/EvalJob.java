package io.clipbatch.job.eval;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.job.DeviceFailures;
import io.clipbatch.job.Partitions;
import io.clipbatch.job.RunProgress;
import io.clipbatch.job.datasets.ClassFolderNames;
import io.clipbatch.job.datasets.ClipBenchmarkPrompts;
import io.clipbatch.job.datasets.DatasetFiles;
import io.clipbatch.job.datasets.DatasetReader;
import io.clipbatch.job.datasets.DatasetSpec;
import io.clipbatch.job.datasets.LabelledImages;
import io.clipbatch.job.datasets.OpenAiPrompts;
import io.clipbatch.job.datasets.PromptList;
import io.clipbatch.job.datasets.PromptProtocol;
import io.clipbatch.job.datasets.PromptSources;
import io.clipbatch.job.output.OutputFiles;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.DriverDevice;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.partition.EnsembleMember;
import io.clipbatch.udfs.partition.EnsembleScorer;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver of {@code eval} and {@code tables}: every model (or ensemble) on every dataset, each
 * through the score job, its predictions written with labels, then clip_benchmark's metrics as
 * Spark aggregations over what was written. Datasets are opened once and shared by all models; a
 * model's ONNX sessions are opened once per JVM and shared by all datasets.
 */
public final class EvalJob {
    /** top-k kept in the predictions: acc5 needs at least five. */
    public static final int MIN_TOP_K = 5;
    private static final int CONFUSIONS_KEPT = 20;
    static final int ERRORS_NAMED = 20;
    /** What eval and tables write into their output: all that {@code --mode overwrite} deletes. */
    public static final OutputFiles FILES = OutputFiles.matching("predictions", "captions", "report\\..*",
            "per_class\\.parquet", "tables\\.(md|txt|json)");

    /**
     * What to evaluate and how.
     *
     * @param scoring     batch size, threads, device, ...; its model is the first one under test, and
     *                    every model scores with these settings
     * @param imagesPerTask images per Spark task for datasets that are listed rather than sharded
     * @param classes     {@code --classes [NAME=]FILE} values
     * @param templates   {@code --templates [NAME=]FILE|default|domain:NAME} values
     * @param classGroups {@code --class-groups [NAME=]FILE} values
     * @param task        classification or retrieval, for every dataset
     * @param captionsColumn the manifest column with a retrieval image's captions
     * @param protocol    {@code --protocol}: the built-in sets' names and the published figure compared with
     */
    public record Settings(List<ModelUnderTest> models, List<DatasetSpec> datasets, OutputTarget output,
                           ScoringSpec scoring, int imagesPerTask, String pathColumn, String labelColumn,
                           List<String> classes, List<String> templates, String clipBenchmarkPrompts,
                           String openAiPrompts, List<String> classGroups, PromptProtocol protocol, EvalTask task,
                           String captionsColumn) {
    }

    /** A dataset opened, labelled by index and given its prompts and class groups, ready for any model. */
    record Prepared(LabelledImages images, PromptList classes, PromptList templates, ClassGroups groups) {
    }

    private final SparkSession spark;
    private final Settings settings;
    private final PublishedNumbers published = PublishedNumbers.load();
    private final Map<String, ZeroShotHead> heads = new HashMap<>();
    private final WrittenPredictions completed;

    public EvalJob(SparkSession spark, Settings settings) {
        this.spark = spark;
        this.settings = settings;
        DeviceFailures.checkOnDriver(spark, settings.scoring().device());
        this.completed = new WrittenPredictions(DatasetFiles.child(settings.output().uri(), "predictions"),
                settings.models().size() * settings.datasets().size());
    }

    /** Runs the whole matrix and writes the reports; the results in (model, dataset) order. */
    public List<EvalResult> run() {
        PathOverlap.refuse(spark.sparkContext().hadoopConfiguration(), settings.output().uri(), locationsRead());
        settings.output().checkWritable(spark, FILES);
        RunProgress.report(completed);
        if (settings.task() == EvalTask.RETRIEVAL) {
            return new RetrievalEval(spark, settings, published, completed, RetrievalMetrics.CAPTIONS_PER_BLOCK)
                    .run(() -> settings.output().clear(spark, FILES));
        }
        List<Prepared> datasets = prepareAll();
        settings.output().clear(spark, FILES);
        List<EvalResult> results = new ArrayList<>();
        try {
            for (ModelUnderTest model : settings.models()) {
                for (Prepared dataset : datasets) {
                    results.add(evaluate(model, dataset));
                }
            }
        } finally {
            datasets.forEach(d -> d.images().rows().unpersist());
        }
        return results;
    }

    /** The datasets and bundles, which the output must neither hold nor lie inside. */
    private List<PathOverlap.Read> locationsRead() {
        List<PathOverlap.Read> reads = new ArrayList<>();
        for (DatasetSpec dataset : settings.datasets()) {
            reads.add(new PathOverlap.Read("dataset " + dataset.name(), dataset.uri()));
        }
        for (ModelUnderTest model : settings.models()) {
            for (ModelUnderTest.Member member : model.members()) {
                reads.add(PathOverlap.Read.local(model.ensemble() ? "ensemble " + model.name() + " member" : "model",
                        member.dir()));
            }
        }
        return reads;
    }

    private List<Prepared> prepareAll() {
        DatasetReader reader = new DatasetReader(spark, settings.pathColumn(), settings.labelColumn());
        List<String> names = settings.datasets().stream().map(DatasetSpec::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new UserError("--dataset names must differ: " + names);
        }
        PromptSources sources = promptSources(reader.files(), names);
        Map<String, String> groupFiles = DatasetSpec.perDataset(settings.classGroups(), names, "--class-groups");
        List<Prepared> prepared = new ArrayList<>();
        for (DatasetSpec spec : settings.datasets()) {
            prepared.add(prepare(reader, sources, spec, groupFiles.getOrDefault(spec.name(), groupFiles.get(""))));
        }
        return prepared;
    }

    private Prepared prepare(DatasetReader reader, PromptSources sources, DatasetSpec spec, String groupFile) {
        LabelledImages images = reader.open(spec);
        PromptSources.PromptSet prompts = sources.resolve(images, reader.files());
        PromptList classes = prompts.classes();
        if (images.textLabels()) {
            List<String> names = DatasetReader.classesOfTextLabels(images, classes);
            classes = classes != null ? classes : new PromptList(names, "labels in the manifest");
            images = images.withRows(DatasetReader.indexTextLabels(images, names));
        }
        if (classes == null) {
            throw new UserError("dataset " + spec.name() + " has no class names: pass --classes, "
                    + "--clip-benchmark-prompts or --openai-prompts");
        }
        ClassFolderNames.check(images, classes);
        boolean reused = settings.models().size() > 1;
        if (!keepsPartitions(images) || reused) {
            // Listings are small and read twice (count, then score); shards are worth keeping when several models read them.
            images = images.withRows(images.rows().persist(StorageLevel.MEMORY_AND_DISK()));
        }
        ClassGroups groups = groupFile == null ? ClassGroups.NONE
                : ClassGroups.parse(reader.files().lines(groupFile), classes.items(), groupFile);
        return new Prepared(images, classes, prompts.templates(), groups);
    }

    private PromptSources promptSources(DatasetFiles files, List<String> names) {
        ClipBenchmarkPrompts clipBenchmark = settings.clipBenchmarkPrompts() == null ? null
                : ClipBenchmarkPrompts.read(files, settings.clipBenchmarkPrompts());
        OpenAiPrompts openAi = settings.openAiPrompts() == null ? null
                : OpenAiPrompts.parse(files.readText(settings.openAiPrompts()), settings.openAiPrompts());
        return new PromptSources(DatasetSpec.perDataset(settings.classes(), names, "--classes"),
                DatasetSpec.perDataset(settings.templates(), names, "--templates"), clipBenchmark, openAi,
                settings.protocol());
    }

    /** Formats that carry image bytes are scored in their own partitions (shards, Parquet splits): no shuffle of bytes. */
    private static boolean keepsPartitions(LabelledImages images) {
        return images.withBytes() || images.shardPartitioned();
    }

    private EvalResult evaluate(ModelUnderTest model, Prepared dataset) {
        List<String> classNames = dataset.classes().items();
        String where = DatasetFiles.child(DatasetFiles.child(settings.output().uri(), "predictions"),
                "model=" + safe(model.name()) + "/dataset=" + safe(dataset.images().name()));
        PeakMemory.Max peak = new PeakMemory.Max();
        spark.sparkContext().register(peak, "clip-batch peak executor RSS");

        long start = System.nanoTime();
        Dataset<Row> labelled = withLabels(score(model, dataset), classNames);
        Dataset<Row> predictions = labelled.mapPartitions(new PeakMemory(peak), Encoders.row(labelled.schema()));
        completed.started();
        DeviceFailures.stopJobOnFirst(spark, () -> {
            new OutputTarget(where, OutputTarget.Mode.OVERWRITE).write(predictions, provenance(model, dataset));
            return where;
        });
        completed.complete(model.name() + " on " + dataset.images().name());
        double wall = (System.nanoTime() - start) / 1e9;

        Dataset<Row> written = spark.read().parquet(where);
        checkLabels(written, dataset);
        Dataset<Row> perClass = Metrics.perClass(spark, written, classNames).cache();
        try {
            Metrics.Headline headline = Metrics.headline(written, perClass, classNames.size());
            long images = headline.n() + headline.nErrors();
            List<Metrics.ClassRecall> classRecalls = Metrics.collect(perClass);
            PublishedNumbers.Reference reference = published.find(published.modelFor(model.lookupName()),
                    dataset.images().name(), settings.protocol());
            return new EvalResult(model.name(), dataset.images().name(),
                    dataset.images().format().name().toLowerCase(java.util.Locale.ROOT), headline.n(),
                    headline.nErrors(), classNames.size(), dataset.templates().items().size(),
                    dataset.classes().source(), dataset.templates().source(), headline.acc1(), headline.acc5(),
                    headline.meanPerClassRecall(), wall, wall > 0 ? images / wall : 0,
                    images > 0 ? 1000 * wall / images : 0, peak.value(), resolution(model), memberList(model),
                    reference, where, classRecalls, Metrics.worstConfusions(written, classNames, CONFUSIONS_KEPT),
                    dataset.groups().accuracy(classRecalls), Metrics.errors(written, ERRORS_NAMED));
        } finally {
            perClass.unpersist();
        }
    }

    private Dataset<Row> score(ModelUnderTest model, Prepared dataset) {
        LabelledImages images = dataset.images();
        if (!model.ensemble()) {
            ModelUnderTest.Member member = model.members().get(0);
            Bundle bundle = Bundle.load(member.dir());
            ZeroShotHead head = head(bundle, dataset);
            return ClipScoring.score(tasks(images), spec(bundle, images), head);
        }
        List<EnsembleMember> members = new ArrayList<>();
        ZeroShotHead[] memberHeads = new ZeroShotHead[model.members().size()];
        Bundle first = null;
        for (int m = 0; m < memberHeads.length; m++) {
            ModelUnderTest.Member member = model.members().get(m);
            Bundle bundle = Bundle.load(member.dir());
            first = first == null ? bundle : first;
            memberHeads[m] = head(bundle, dataset);
            members.add(new EnsembleMember(member.name(), bundle.root().toAbsolutePath().toString(), member.weight()));
        }
        Dataset<Row> rows = tasks(images);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        EnsembleScorer scorer = new EnsembleScorer(spec(first, images), members, rows.schema(), conf,
                jsc.broadcast(memberHeads));
        return rows.mapPartitions(scorer, Encoders.row(EnsembleScorer.outputSchema(rows.schema())));
    }

    /** A dataset's rows as tasks: its own partitions (e.g. one per tar shard), or spread over the cores. */
    private Dataset<Row> tasks(LabelledImages images) {
        return keepsPartitions(images) ? images.rows() : Partitions.spread(images.rows(), settings.imagesPerTask());
    }

    /** The run's scoring settings for one bundle and one dataset's columns. */
    private ScoringSpec spec(Bundle bundle, LabelledImages images) {
        return settings.scoring().withModel(bundle.root().toAbsolutePath())
                .withColumns(LabelledImages.PATH, images.bytesColumn());
    }

    /** The text tower's class matrix for a bundle and a dataset's prompts, built once per pair. */
    private ZeroShotHead head(Bundle bundle, Prepared dataset) {
        String key = bundle.root().toAbsolutePath() + "|" + dataset.images().name();
        return heads.computeIfAbsent(key, k -> ClipScoring.zeroShotHeadFromSynonyms(bundle,
                DriverDevice.of(spark, settings.scoring().device()),
                settings.scoring().intraOpThreads(), dataset.classes().synonyms(), dataset.templates().items()));
    }

    /** Takes the dataset's read errors as errors, drops the image bytes and adds the label's class name. */
    private static Dataset<Row> withLabels(Dataset<Row> scored, List<String> classNames) {
        Dataset<Row> rows = LabelledImages.withReadErrors(scored).drop(LabelledImages.IMAGE_BYTES);
        return rows.withColumn("label", functions.element_at(Metrics.nameArray(classNames),
                functions.col(LabelledImages.LABEL_INDEX).plus(1)));
    }

    private static void checkLabels(Dataset<Row> predictions, Prepared dataset) {
        int[] range = Metrics.labelRange(predictions);
        int classes = dataset.classes().items().size();
        if (range != null && (range[0] < 0 || range[1] >= classes)) {
            throw new UserError("dataset " + dataset.images().name() + " has labels from " + range[0] + " to "
                    + range[1] + " but " + classes + " class names (from " + dataset.classes().source() + ")");
        }
    }

    private Provenance provenance(ModelUnderTest model, Prepared dataset) {
        Provenance provenance = Provenance.of(Bundle.load(model.members().get(0).dir()))
                .put("clip_batch.eval.model", model.name())
                .put("clip_batch.eval.dataset", dataset.images().name())
                .put("clip_batch.zeroshot.classes", String.valueOf(dataset.classes().items().size()))
                .put("clip_batch.zeroshot.templates", String.valueOf(dataset.templates().items().size()));
        if (model.ensemble()) {
            provenance.put("clip_batch.ensemble", String.join(",", memberList(model)));
        }
        return provenance;
    }

    static List<String> memberList(ModelUnderTest model) {
        return model.members().stream().map(m -> {
            String bundle = m.dir().toAbsolutePath().normalize().getFileName().toString();
            return model.ensemble() ? bundle + ":" + m.weight() : bundle;
        }).toList();
    }

    static String resolution(ModelUnderTest model) {
        Map<Integer, Boolean> sizes = new LinkedHashMap<>();
        for (ModelUnderTest.Member member : model.members()) {
            sizes.put(Bundle.load(member.dir()).preprocess().size(), true);
        }
        return sizes.keySet().stream().map(String::valueOf).collect(Collectors.joining("+"));
    }

    /** A name usable as a folder name on any file system. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._@+-]", "_");
    }
}
