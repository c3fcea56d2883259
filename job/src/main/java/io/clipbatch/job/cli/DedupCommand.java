package io.clipbatch.job.cli;

import io.clipbatch.job.dedup.DedupJob;
import io.clipbatch.job.dedup.DedupSummary;
import io.clipbatch.job.dedup.KeepRule;
import io.clipbatch.job.lake.LakeTables;
import io.clipbatch.job.output.OutputFiles;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.vectors.DedupSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Finds groups of near-duplicate images by the cosine of their embeddings, and one"
                + " representative a group (see docs/dedup.md).",
            "Output Parquet: key, group_id, representative, max_similarity, duplicate_of (null for the"
                + " representative); only images in a group of two or more."})
public final class DedupCommand implements Callable<Integer> {
    @Option(names = "--embeddings", required = true, paramLabel = "URI|TABLE",
            description = "A clip-batch Parquet output, a Delta table's path, or an Iceberg table's CATALOG.DB.TABLE.")
    String embeddings;

    @Option(names = "--threshold", required = true, paramLabel = "T",
            description = "Cosine at or above which two images are near-duplicates, in (0, 1], e.g. 0.95.")
    double threshold;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Parquet of the groups.")
    String output;

    @Option(names = "--keep", defaultValue = "first", paramLabel = "first|largest",
            description = "The representative: the first by key, or the largest by --size-column (default: ${DEFAULT-VALUE}).")
    String keep;

    @Option(names = "--size-column", paramLabel = "C", description = "A numeric column, for --keep largest.")
    String sizeColumn;

    @Option(names = "--key-column", defaultValue = "path", paramLabel = "C",
            description = "The column that names an image (default: ${DEFAULT-VALUE}).")
    String keyColumn;

    @Option(names = "--where", paramLabel = "PREDICATE",
            description = "A Spark SQL predicate over the stored columns, e.g. \"dataset = 'cars'\": only matching rows"
                    + " are compared.")
    String where;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write one self-contained page showing the largest groups side by side.")
    Path html;

    @Option(names = "--clusters", defaultValue = "0", paramLabel = "K",
            description = "KMeans centres; 0: the count divided by --cluster-size (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--cluster-size", defaultValue = "" + DedupSettings.DEFAULT_CLUSTER_SIZE, paramLabel = "N",
            description = "With --clusters 0, about N vectors a centre, so that comparing grows linearly"
                    + " (default: ${DEFAULT-VALUE}).")
    int clusterSize;

    @Option(names = "--spread", defaultValue = "" + DedupSettings.DEFAULT_SPREAD, paramLabel = "N",
            description = "Most clusters a vector joins, the nearest the margin rule allows; 0: every one it allows,"
                    + " which guarantees every pair at the cost of speed (default: ${DEFAULT-VALUE}; see docs/dedup.md).")
    int spread;

    @Option(names = "--cap", defaultValue = "" + DedupSettings.DEFAULT_CAP, paramLabel = "N",
            description = "Most vectors a comparison block; larger clusters are split (default: ${DEFAULT-VALUE}).")
    int cap;

    @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite|overwrite-all",
            description = "When the output exists: error refuses it; overwrite deletes what this command"
                    + " writes (Parquet part files) and refuses a location holding anything else;"
                    + " overwrite-all deletes everything there (default: ${DEFAULT-VALUE}).")
    String mode;

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() {
        DedupSettings settings = DedupSettings.of(threshold).withClusters(clusters).withCap(cap)
                .withClusterSize(clusterSize).withSpread(spread);
        KeepRule rule = KeepRule.parse(keep);
        if (sizeColumn != null && rule != KeepRule.LARGEST) {
            throw new UserError("--size-column is used only with --keep largest");
        }
        OutputTarget target = new OutputTarget(output, OutputTarget.parseMode(mode));
        SparkSession session = spark.session("clip-batch dedup", LakeTables.readSettings());
        PathOverlap.refuse(session.sparkContext().hadoopConfiguration(), output,
                List.of(new PathOverlap.Read("--embeddings", embeddings)));
        target.checkWritable(session, OutputFiles.SPARK_PARQUET);
        DedupSummary summary = DedupJob.run(session,
                new DedupJob.Request(embeddings, keyColumn, where, rule, sizeColumn, settings, html), target);
        System.err.println("clip-batch: " + summary.line(output));
        return 0;
    }
}
