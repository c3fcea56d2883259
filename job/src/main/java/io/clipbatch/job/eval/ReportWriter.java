package io.clipbatch.job.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipbatch.job.datasets.DatasetFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the reports next to {@code predictions/}: {@code report.parquet} and {@code report.json}
 * (a row per model and dataset), {@code per_class.parquet}, {@code report.md}, {@code report.html},
 * and for {@code tables} also {@code tables.md}, {@code tables.txt} and {@code tables.json}.
 */
public final class ReportWriter {
    static final StructType PER_CLASS = new StructType()
            .add("model", DataTypes.StringType, false)
            .add("dataset", DataTypes.StringType, false)
            .add(Metrics.PER_CLASS_SCHEMA.fields()[0])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[1])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[2])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[3])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[4])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[5])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[6])
            .add(Metrics.PER_CLASS_SCHEMA.fields()[7]);

    private ReportWriter() {}

    public static void write(SparkSession spark, String output, List<EvalResult> results, Tables tables) {
        spark.createDataFrame(results.stream().map(EvalResult::row).toList(), EvalResult.SCHEMA)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(DatasetFiles.child(output, "report.parquet"));
        spark.createDataFrame(perClassRows(results), PER_CLASS)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(DatasetFiles.child(output, "per_class.parquet"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            writeText(spark, output, "report.json",
                    json.writeValueAsString(results.stream().map(EvalResult::columns).toList()) + "\n");
            if (tables != null) {
                writeText(spark, output, "tables.json", json.writeValueAsString(tables.cellsJson()) + "\n");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
        writeText(spark, output, "report.md", MarkdownReport.render(results, tables));
        writeText(spark, output, "report.html", HtmlReport.render(results, tables));
        if (tables != null) {
            writeText(spark, output, "tables.md", tables.markdown());
            writeText(spark, output, "tables.txt", tables.text());
        }
    }

    /** Where {@link #write} put the predictions and the reports, as the terminal shows it. */
    public static String locations(String output, boolean withTables) {
        String lines = "predictions (embeddings, zero-shot labels): " + DatasetFiles.child(output, "predictions")
                + "\nreport: " + DatasetFiles.child(output, "report.html") + " and "
                + DatasetFiles.child(output, "report.md") + " (also report.json, report.parquet, per_class.parquet)\n";
        return !withTables ? lines : lines + "tables: " + DatasetFiles.child(output, "tables.md") + ", "
                + DatasetFiles.child(output, "tables.txt") + " and " + DatasetFiles.child(output, "tables.json") + "\n";
    }

    /** The headline numbers as a text table, then the top-1 of each class group, for the terminal. */
    public static String summary(List<EvalResult> results) {
        if (RetrievalReport.isRetrieval(results)) {
            return RetrievalReport.text(results);
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-14s %7s %6s %7s %7s %7s %9s %9s%n",
                "model", "dataset", "n", "errors", "acc1", "acc5", "mpcr", "images/s", "ms/image"));
        for (EvalResult r : results) {
            out.append(String.format(Locale.ROOT, "%-24s %-14s %7d %6d %7s %7s %7s %9.1f %9.2f%n", r.model(),
                    r.dataset(), r.n(), r.nErrors(), Tables.percent(r.acc1()), Tables.percent(r.acc5()),
                    Tables.percent(r.meanPerClassRecall()), r.imagesPerSecond(), r.msPerImage()));
        }
        for (EvalResult r : results) {
            String which = results.size() == 1 ? "" : r.model() + " on " + r.dataset() + ": ";
            r.groupAccuracy().forEach(g -> out.append(which).append(g.line()).append('\n'));
        }
        return out.toString();
    }

    private static List<Row> perClassRows(List<EvalResult> results) {
        List<Row> rows = new ArrayList<>();
        for (EvalResult r : results) {
            for (Metrics.ClassRecall c : r.perClass()) {
                rows.add(RowFactory.create(r.model(), r.dataset(), c.index(), c.name(), c.support(), c.correct(),
                        c.recall(), c.confusedWith(), c.confusedWithName(), c.confusedCount()));
            }
        }
        return rows;
    }

    private static void writeText(SparkSession spark, String output, String name, String text) {
        Path path = new Path(DatasetFiles.child(output, name));
        try (OutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
