package io.clipbatch.job.cli;

import io.clipbatch.job.eval.EvalJob;
import io.clipbatch.job.eval.EvalResult;
import io.clipbatch.job.eval.ModelUnderTest;
import io.clipbatch.job.eval.ReportWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Zero-shot accuracy of a model (or an ensemble) on labelled datasets, with clip_benchmark's "
                + "metrics; writes predictions/, report.{parquet,json,md,html} and per_class.parquet.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark = new SparkOptions();

    @Mixin
    EvalOptions options = new EvalOptions();

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle directory.")
    Path model;

    @Option(names = "--reference-name", paramLabel = "NAME",
            description = "The published model --model is, e.g. ViT-B/32, when its folder name does not say.")
    String referenceName;

    @Option(names = "--dataset", required = true, paramLabel = "NAME=URI",
            description = "A labelled dataset: clip_benchmark WebDataset, class folders, Parquet manifest, "
                    + "Hugging Face Parquet or Stanford Cars devkit; repeatable.")
    List<String> datasets = new ArrayList<>();

    @Override
    public Integer call() {
        List<ModelUnderTest> models = new ArrayList<>();
        if (model != null) {
            ModelUnderTest single = ModelUnderTest.single(model.toAbsolutePath().normalize().getFileName().toString(), model);
            models.add(referenceName == null ? single : single.withReferenceName(referenceName));
        }
        models.addAll(options.ensembles());
        EvalJob.Settings settings = options.settings(models, options.datasets(datasets));
        List<EvalResult> results = new EvalJob(spark.session("clip-batch eval"), settings).run();
        ReportWriter.write(spark.session("clip-batch eval"), options.output(), results, null);
        System.out.print(ReportWriter.summary(results));
        System.out.print(ReportWriter.locations(options.output(), false));
        return 0;
    }
}
