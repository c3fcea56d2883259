package io.clipbatch.job.cli;

import io.clipbatch.job.ClipBatchVersion;
import io.clipbatch.job.output.OutputFiles;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Runs a Spark SQL query with clip-batch's SQL functions (clip_score, clip_text_embedding,"
                + " clip_image_embedding, clip_similarity) and prints its rows as JSON lines, or writes them as Parquet.")
public final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUERY", description = "One SQL statement, e.g. SELECT ... FROM parquet.`out/`.")
    String query;

    @Option(names = "--output", paramLabel = "URI", description = "Write every row as Parquet here instead of printing.")
    String output;

    @Option(names = "--limit", paramLabel = "N",
            description = "Rows to print (default: 20) or, with --output, to write (default: all).")
    Integer limit;

    @Option(names = "--full", description = "Print embeddings whole (float16 ones as Base64 bytes).")
    boolean full;

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() {
        if (limit != null && limit < 0) {
            throw new UserError("--limit must be 0 or more, got " + limit);
        }
        // The extensions come with clip-batch's jar: Spark loads them through its ServiceLoader file.
        SparkSession session = spark.session("clip-batch sql", output == null ? ShowCommand.QUICK_SESSION : Map.of());
        Dataset<Row> rows = analysed(session);
        if (output == null) {
            print(rows.limit(limit == null ? 20 : limit));
        } else {
            write(session, limit == null ? rows : rows.limit(limit));
        }
        return 0;
    }

    /** The query, analysed: a mistake in it (or in a clip_* function's arguments) is one line. */
    private Dataset<Row> analysed(SparkSession session) {
        try {
            return session.sql(query);
        } catch (Exception e) {
            // A clip_* function's mistake (IllegalArgumentException), or Spark's own (a ParseException is an AnalysisException).
            if (e instanceof IllegalArgumentException || e instanceof AnalysisException) {
                throw new UserError(ClipBatch.oneLine(e));
            }
            throw e;
        }
    }

    private void print(Dataset<Row> rows) {
        Dataset<Row> shown = full ? rows : rows.select(ShowCommand.shortened(rows));
        for (String json : shown.toJSON().collectAsList()) {
            System.out.println(json);
        }
    }

    private void write(SparkSession session, Dataset<Row> rows) {
        OutputTarget target = new OutputTarget(output, OutputTarget.Mode.ERROR);
        PathOverlap.refuse(session.sparkContext().hadoopConfiguration(), output, inputFolders(rows));
        target.checkWritable(session, OutputFiles.SPARK_PARQUET);
        target.write(rows, new Provenance()
                .put("clip_batch.version", ClipBatchVersion.current())
                .put("clip_batch.sql", query));
        System.err.println("clip-batch: query written to " + output);
    }

    /** The folders holding the files the query reads: the output may neither hold nor lie inside one. */
    private static List<PathOverlap.Read> inputFolders(Dataset<Row> rows) {
        return Arrays.stream(rows.inputFiles())
                .map(file -> new Path(file).getParent().toString())
                .distinct()
                .map(folder -> new PathOverlap.Read("the query's input", folder))
                .toList();
    }
}
