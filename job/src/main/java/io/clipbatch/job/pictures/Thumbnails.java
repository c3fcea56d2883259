package io.clipbatch.job.pictures;

import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Thumbnails of the images a page shows, made by one Spark job on the executors: the driver only
 * sends the locations out and gets small JPEGs back (about 5 KB each), so a page of a thousand
 * images from {@code s3a://} is read in parallel where the cluster's credentials and bandwidth are.
 */
public final class Thumbnails {
    /** Longest side of a thumbnail, in pixels; smaller images are kept at their size. */
    public static final int LONGEST_SIDE = 160;
    /** The description of the Spark job that makes them, as the Spark UI shows it. */
    public static final String JOB_DESCRIPTION = "clip-batch: thumbnails for a results page";

    /** The local property {@link SparkContext#setJobDescription} sets (Spark's own name for it). */
    private static final String JOB_DESCRIPTION_PROPERTY = "spark.job.description";

    private Thumbnails() {
    }

    /** One thumbnail per distinct non-null location, keyed by it. */
    public static Map<String, Thumbnail> of(SparkSession spark, Collection<String> locations) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(locations));
        distinct.removeIf(Objects::isNull);
        Map<String, Thumbnail> byLocation = new LinkedHashMap<>();
        if (distinct.isEmpty()) {
            return byLocation;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoopConf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        int slices = Math.min(distinct.size(), Math.max(1, 2 * jsc.defaultParallelism()));
        try {
            for (Thumbnail thumbnail : describedAs(spark.sparkContext(), () -> jsc.parallelize(distinct, slices)
                    .mapPartitions(new ThumbnailMaker(hadoopConf, LONGEST_SIDE)).collect())) {
                byLocation.put(thumbnail.location(), thumbnail);
            }
        } finally {
            hadoopConf.destroy();
        }
        return byLocation;
    }

    private interface SparkAction<T> {
        T run();
    }

    private static <T> T describedAs(SparkContext sc, SparkAction<T> action) {
        String previous = sc.getLocalProperty(JOB_DESCRIPTION_PROPERTY);
        sc.setJobDescription(JOB_DESCRIPTION);
        try {
            return action.run();
        } finally {
            sc.setJobDescription(previous);
        }
    }
}
