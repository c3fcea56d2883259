package io.clipbatch.job.cli;

import io.clipbatch.job.eval.EvalJob;
import io.clipbatch.job.eval.EvalResult;
import io.clipbatch.job.eval.ModelUnderTest;
import io.clipbatch.job.eval.ReportWriter;
import io.clipbatch.job.eval.Tables;
import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "The model x dataset matrix of zero-shot top-1 accuracy, next to the paper's and "
                + "clip_benchmark's published figures; writes everything eval writes plus tables.{md,json}.")
public final class TablesCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark = new SparkOptions();

    @Mixin
    EvalOptions options = new EvalOptions();

    @Option(names = "--models", paramLabel = "NAME=DIR,...", description = "Model bundles, comma-separated.")
    String models;

    @Option(names = "--datasets", required = true, paramLabel = "NAME=URI,...", description = "Datasets, comma-separated.")
    String datasets;

    @Option(names = "--reference-name", paramLabel = "MODEL=NAME",
            description = "The published model a row stands for, e.g. b32=ViT-B/32; repeatable.")
    List<String> referenceNames = new ArrayList<>();

    @Override
    public Integer call() {
        List<ModelUnderTest> rows = new ArrayList<>();
        if (models != null) {
            rows.addAll(ModelUnderTest.parseList(models));
        }
        rows.addAll(options.ensembles());
        rows = withReferences(rows);
        List<String> datasetTexts = Arrays.stream(datasets.split(",")).filter(s -> !s.isBlank()).map(String::strip).toList();
        EvalJob.Settings settings = options.settings(rows, options.datasets(datasetTexts));
        List<EvalResult> results = new EvalJob(spark.session("clip-batch tables"), settings).run();
        Tables tables = Tables.of(results);
        ReportWriter.write(spark.session("clip-batch tables"), options.output(), results, tables);
        System.out.print(tables.text());
        System.out.print(ReportWriter.locations(options.output(), true));
        return 0;
    }

    private List<ModelUnderTest> withReferences(List<ModelUnderTest> rows) {
        Map<String, String> byModel = new LinkedHashMap<>();
        for (String item : referenceNames) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--reference-name '" + item + "' must be MODEL=NAME");
            }
            byModel.put(item.substring(0, eq), item.substring(eq + 1));
        }
        List<ModelUnderTest> out = new ArrayList<>();
        for (ModelUnderTest row : rows) {
            String reference = byModel.remove(row.name());
            out.add(reference == null ? row : row.withReferenceName(reference));
        }
        if (!byModel.isEmpty()) {
            throw new UserError("--reference-name names no model of the matrix: " + byModel.keySet());
        }
        return out;
    }
}
