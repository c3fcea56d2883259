package io.clipbatch.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How rows are spread over Spark tasks before scoring. */
public final class Partitions {
    private Partitions() {}

    /** Enough tasks to keep every core busy, none so large that a retry costs much. */
    public static Dataset<Row> spread(Dataset<Row> input, int imagesPerTask) {
        long rows = input.count();
        int wanted = (int) Math.max(input.sparkSession().sparkContext().defaultParallelism(),
                (rows + imagesPerTask - 1) / imagesPerTask);
        return input.rdd().getNumPartitions() == wanted ? input : input.repartition(wanted);
    }
}
