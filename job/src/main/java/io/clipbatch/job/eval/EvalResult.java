package io.clipbatch.job.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One (model, dataset) evaluation: the report row, with its cost, the published figures it is
 * compared with, and the per-class rows, worst confusions and top-1 per class group
 * ({@code --class-groups}; empty without it) the reports draw, and the first rows with an error, named.
 * A retrieval run has {@code retrieval} (and its published figures in {@code retrievalReference})
 * and no classification metrics; a classification run has null there.
 */
public record EvalResult(String model, String dataset, String format, long n, long nErrors, int classes,
                         int templates, String classSource, String templateSource, Float acc1, Float acc5,
                         Float meanPerClassRecall, double wallSeconds, double imagesPerSecond, double msPerImage,
                         long peakExecutorRssBytes, String inputResolution, List<String> members,
                         PublishedNumbers.Reference reference, String predictions,
                         List<Metrics.ClassRecall> perClass, List<Metrics.Confusion> confusions,
                         List<ClassGroups.Accuracy> groupAccuracy, List<Metrics.ErrorRow> errorRows,
                         RetrievalRecall retrieval, PublishedNumbers.RetrievalReference retrievalReference) {

    /** A classification run. */
    public EvalResult(String model, String dataset, String format, long n, long nErrors, int classes,
                      int templates, String classSource, String templateSource, Float acc1, Float acc5,
                      Float meanPerClassRecall, double wallSeconds, double imagesPerSecond, double msPerImage,
                      long peakExecutorRssBytes, String inputResolution, List<String> members,
                      PublishedNumbers.Reference reference, String predictions,
                      List<Metrics.ClassRecall> perClass, List<Metrics.Confusion> confusions,
                      List<ClassGroups.Accuracy> groupAccuracy, List<Metrics.ErrorRow> errorRows) {
        this(model, dataset, format, n, nErrors, classes, templates, classSource, templateSource, acc1, acc5,
                meanPerClassRecall, wallSeconds, imagesPerSecond, msPerImage, peakExecutorRssBytes, inputResolution,
                members, reference, predictions, perClass, confusions, groupAccuracy, errorRows, null, null);
    }

    public static final StructType SCHEMA = new StructType()
            .add("model", DataTypes.StringType, false)
            .add("dataset", DataTypes.StringType, false)
            .add("format", DataTypes.StringType, false)
            .add("n", DataTypes.LongType, false)
            .add("n_errors", DataTypes.LongType, false)
            .add("classes", DataTypes.IntegerType, false)
            .add("templates", DataTypes.IntegerType, false)
            .add("acc1", DataTypes.FloatType, true)
            .add("acc5", DataTypes.FloatType, true)
            .add("mean_per_class_recall", DataTypes.FloatType, true)
            .add("wall_s", DataTypes.DoubleType, false)
            .add("images_per_s", DataTypes.DoubleType, false)
            .add("ms_per_image", DataTypes.DoubleType, false)
            .add("peak_executor_rss_mb", DataTypes.DoubleType, true)
            .add("input_resolution", DataTypes.StringType, false)
            .add("members", DataTypes.StringType, false)
            .add("reference_model", DataTypes.StringType, true)
            .add("paper_acc1", DataTypes.DoubleType, true)
            .add("clip_benchmark_acc1", DataTypes.DoubleType, true)
            .add("delta_acc1", DataTypes.DoubleType, true)
            .add("class_source", DataTypes.StringType, false)
            .add("template_source", DataTypes.StringType, false)
            .add("predictions", DataTypes.StringType, false)
            .add("task", DataTypes.StringType, false)
            .add("captions", DataTypes.LongType, true)
            .add("image_retrieval_recall@1", DataTypes.FloatType, true)
            .add("image_retrieval_recall@5", DataTypes.FloatType, true)
            .add("image_retrieval_recall@10", DataTypes.FloatType, true)
            .add("text_retrieval_recall@1", DataTypes.FloatType, true)
            .add("text_retrieval_recall@5", DataTypes.FloatType, true)
            .add("text_retrieval_recall@10", DataTypes.FloatType, true)
            .add("paper_retrieval", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true)
            .add("clip_benchmark_retrieval", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true);

    public EvalTask task() {
        return retrieval == null ? EvalTask.CLASSIFICATION : EvalTask.RETRIEVAL;
    }

    public Double peakExecutorRssMb() {
        return peakExecutorRssBytes < 0 ? null : Math.round(peakExecutorRssBytes / 1048576.0 * 10) / 10.0;
    }

    public Double deltaAcc1() {
        return reference == null ? null : reference.delta(acc1);
    }

    /** The row's values by column name, in {@link #SCHEMA} order (report.json, report.parquet). */
    public Map<String, Object> columns() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("dataset", dataset);
        out.put("format", format);
        out.put("n", n);
        out.put("n_errors", nErrors);
        out.put("classes", classes);
        out.put("templates", templates);
        out.put("acc1", acc1);
        out.put("acc5", acc5);
        out.put("mean_per_class_recall", meanPerClassRecall);
        out.put("wall_s", round(wallSeconds, 3));
        out.put("images_per_s", round(imagesPerSecond, 2));
        out.put("ms_per_image", round(msPerImage, 3));
        out.put("peak_executor_rss_mb", peakExecutorRssMb());
        out.put("input_resolution", inputResolution);
        out.put("members", String.join(",", members));
        out.put("reference_model", reference == null ? null : reference.model());
        out.put("paper_acc1", reference == null ? null : reference.paper());
        out.put("clip_benchmark_acc1", reference == null ? null : reference.clipBenchmark());
        out.put("delta_acc1", deltaAcc1());
        out.put("class_source", classSource);
        out.put("template_source", templateSource);
        out.put("predictions", predictions);
        out.put("task", task().name().toLowerCase(java.util.Locale.ROOT));
        out.put("captions", retrieval == null ? null : retrieval.captions());
        RetrievalRecall.names().forEach(name -> out.put(name, retrieval == null ? null : retrieval.byName().get(name)));
        out.put("paper_retrieval", retrievalReference == null ? null : retrievalReference.paper());
        out.put("clip_benchmark_retrieval", retrievalReference == null ? null : retrievalReference.clipBenchmark());
        return out;
    }

    public Row row() {
        return RowFactory.create(columns().values().toArray());
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
