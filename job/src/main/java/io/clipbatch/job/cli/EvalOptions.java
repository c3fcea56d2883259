package io.clipbatch.job.cli;

import io.clipbatch.job.datasets.DatasetFormat;
import io.clipbatch.job.datasets.DatasetSpec;
import io.clipbatch.job.datasets.PromptProtocol;
import io.clipbatch.job.eval.EvalJob;
import io.clipbatch.job.eval.EvalTask;
import io.clipbatch.job.eval.ModelUnderTest;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code eval} and {@code tables} share: output, prompts, dataset reading and scoring,
 * checked and turned into the job's {@link EvalJob.Settings}.
 */
public final class EvalOptions {
    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Where predictions/ and the reports go.")
    String output;

    @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite|overwrite-all",
            description = "When the output exists: error refuses it; overwrite deletes what this command"
                    + " writes (predictions/, captions/, report.*, per_class.parquet, tables.*) and refuses a location"
                    + " holding anything else;"
                    + " overwrite-all deletes everything there (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--task", defaultValue = "classification", paramLabel = "classification|retrieval",
            description = "What to measure: zero-shot classification (labelled images) or retrieval (images with "
                    + "captions: recall@1/5/10 both ways) (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--captions-column", defaultValue = "captions", paramLabel = "NAME",
            description = "Manifest column with an image's captions, array<string>, for --task retrieval "
                    + "(default: ${DEFAULT-VALUE}).")
    String captionsColumn;

    @Option(names = "--ensemble", paramLabel = "NAME=DIR:WEIGHT,DIR:WEIGHT",
            description = "A model ensemble: the weighted mean of its members' softmax; repeatable.")
    List<String> ensembles = new ArrayList<>();

    @Option(names = "--format", paramLabel = "[NAME=]FORMAT",
            description = "The dataset layout when not detected: wds, folders, manifest, hf or cars; repeatable.")
    List<String> formats = new ArrayList<>();

    @Option(names = "--classes", paramLabel = "[NAME=]FILE",
            description = "Class names, one per line, for every dataset or for dataset NAME; repeatable.")
    List<String> classes = new ArrayList<>();

    @Option(names = "--templates", paramLabel = "[NAME=]FILE|default|domain:NAME",
            description = "Templates ({} or {c} for the name): a file, 'default' or a domain set "
                    + "(domain:medical, domain:satellite, domain:art); repeatable.")
    List<String> templates = new ArrayList<>();

    @Option(names = "--class-groups", paramLabel = "[NAME=]FILE",
            description = "CLASS<TAB>GROUP lines (e.g. seen or held out in training): top-1 is also reported per "
                    + "group of classes; repeatable.")
    List<String> classGroups = new ArrayList<>();

    @Option(names = "--clip-benchmark-prompts", paramLabel = "DIR",
            description = "A folder with clip_benchmark's en_classnames.json and en_zeroshot_classification_templates.json.")
    String clipBenchmarkPrompts;

    @Option(names = "--openai-prompts", paramLabel = "FILE", description = "OpenAI's CLIP data/prompts.md.")
    String openAiPrompts;

    @Option(names = "--protocol", defaultValue = "clip_benchmark", paramLabel = "openai|clip_benchmark",
            description = "Whose zero-shot protocol: the built-in prompt sets' names (openai averages FER2013's "
                    + "synonyms, clip_benchmark takes the first) and the published figure delta_acc1 is taken "
                    + "from (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--path-column", defaultValue = "path", paramLabel = "NAME",
            description = "Manifest column with image locations (default: ${DEFAULT-VALUE}).")
    String pathColumn;

    @Option(names = "--label-column", defaultValue = "label", paramLabel = "NAME",
            description = "Manifest column with labels, an integer or a class name (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "Predictions kept per image, at least 5 (default: ${DEFAULT-VALUE}).")
    int topK;

    @Mixin
    BatchOptions batch = new BatchOptions();

    // An initial value, not defaultValue: picocli applies a defaultValue after the alias below has set the field.
    @Option(names = "--images-per-task", paramLabel = "N",
            description = "Images per Spark task for listed datasets; eval output is not chunked or resumable "
                    + "(default: ${DEFAULT-VALUE}).")
    int imagesPerTask = 5000;

    /** The earlier name of {@code --images-per-task}, still accepted; hidden, as score's is another thing. */
    @Option(names = "--images-per-partition", hidden = true, paramLabel = "N")
    void imagesPerPartitionAlias(int n) {
        imagesPerTask = n;
    }

    @Option(names = "--exif-transpose", description = "Apply EXIF orientation (the CLIP reference ignores it).")
    boolean exifTranspose;

    @Option(names = "--max-pixels", defaultValue = "178956970", paramLabel = "N",
            description = "Refuse images with more pixels than this (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    public String output() {
        return output;
    }

    /** {@code --ensemble} values as models. */
    public List<ModelUnderTest> ensembles() {
        return ensembles.stream().map(ModelUnderTest::parseEnsemble).toList();
    }

    /** {@code NAME=URI} texts as datasets, each with its {@code --format} when given. */
    public List<DatasetSpec> datasets(List<String> texts) {
        List<DatasetSpec> plain = texts.stream().map(t -> DatasetSpec.parse(t, null)).toList();
        Map<String, String> byName = DatasetSpec.perDataset(formats, plain.stream().map(DatasetSpec::name).toList(),
                "--format");
        return plain.stream().map(d -> {
            String format = byName.containsKey(d.name()) ? byName.get(d.name()) : byName.get("");
            return format == null ? d : new DatasetSpec(d.name(), d.uri(), DatasetFormat.parse(format));
        }).toList();
    }

    public EvalJob.Settings settings(List<ModelUnderTest> models, List<DatasetSpec> datasets) {
        if (models.isEmpty()) {
            throw new UserError("nothing to evaluate: give a model (--model/--models) or an --ensemble");
        }
        if (datasets.isEmpty()) {
            throw new UserError("nothing to evaluate on: give a dataset");
        }
        UserError.requireAtLeast("--top-k", topK, EvalJob.MIN_TOP_K);
        UserError.requireAtLeast("--images-per-task", imagesPerTask, 1);
        ScoringSpec scoring = runtime.spec(models.get(0).members().get(0).dir()).topK(topK)
                .batchSize(batch.batchSize()).readerThreads(batch.readerThreads()).exifTranspose(exifTranspose)
                .maxPixels(maxPixels).build();
        return new EvalJob.Settings(models, datasets, new OutputTarget(output, OutputTarget.parseMode(mode)), scoring,
                imagesPerTask, pathColumn, labelColumn, classes, templates, clipBenchmarkPrompts, openAiPrompts,
                classGroups, PromptProtocol.parse(protocol), EvalTask.parse(task), captionsColumn);
    }
}
