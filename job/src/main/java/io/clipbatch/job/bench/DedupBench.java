package io.clipbatch.job.bench;

import io.clipbatch.udfs.vectors.BlockCosines;
import io.clipbatch.udfs.vectors.Candidates;
import io.clipbatch.udfs.vectors.Components;
import io.clipbatch.udfs.vectors.ComponentsMethod;
import io.clipbatch.udfs.vectors.DedupSettings;
import io.clipbatch.udfs.vectors.ExactPairs;
import io.clipbatch.udfs.vectors.IdVector;
import io.clipbatch.udfs.vectors.Link;
import io.clipbatch.udfs.vectors.PairRecall;
import io.clipbatch.udfs.vectors.PartitionForest;
import io.clipbatch.udfs.vectors.PlantedVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The dedup benchmark (outside {@code verify}; tools/bench/dedup.sh runs it): recall and precision against
 * exact all-pairs on planted vectors, then dedup time on growing counts generated on the executors.
 *
 * <p>Arguments: {@code exactN exactWidth width threshold components size...}, e.g.
 * {@code 50000 512 128 0.95 union_find 100000 1000000}. The system property {@code clipbatch.dedup.spread} sets
 * {@link DedupSettings#spread()} (0: the margin rule unbounded).
 */
public final class DedupBench {
    private static final double DUPLICATE_SHARE = 0.3;
    private static final int SLICE = 20_000;

    private DedupBench() {}

    private static DedupSettings settings(double threshold) {
        return DedupSettings.of(threshold).withSpread(Integer.getInteger("clipbatch.dedup.spread", DedupSettings.DEFAULT_SPREAD));
    }

    public static void main(String[] args) {
        int exactN = Integer.parseInt(args[0]);
        int exactWidth = Integer.parseInt(args[1]);
        int width = Integer.parseInt(args[2]);
        double threshold = Double.parseDouble(args[3]);
        List<ComponentsMethod> methods = args[4].equals("both") ? List.of(ComponentsMethod.UNION_FIND, ComponentsMethod.GRAPHX)
                : List.of(ComponentsMethod.valueOf(args[4].toUpperCase(Locale.ROOT)));
        SparkSession spark = SparkSession.builder().appName("clip-batch dedup bench").getOrCreate();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        System.out.println("BLAS " + BlockCosines.blasName() + ", " + context.defaultParallelism() + " cores");
        if (exactN > 0) {
            recall(spark, context, exactN, exactWidth, threshold);
        }
        for (int i = 5; i < args.length; i++) {
            for (ComponentsMethod method : methods) {
                timed(spark, context, Integer.parseInt(args[i]), width, threshold, method);
            }
        }
        spark.stop();
    }

    private static void recall(SparkSession spark, JavaSparkContext context, int n, int width, double threshold) {
        PlantedVectors planted = PlantedVectors.generate(n, width, DUPLICATE_SHARE, 1);
        long start = System.nanoTime();
        Map<Long, Float> exact = ExactPairs.of(planted.vectors(), threshold);
        double exactSeconds = seconds(start);
        List<IdVector> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new IdVector(i, planted.vectors()[i]));
        }
        JavaRDD<IdVector> vectors = context.parallelize(rows, context.defaultParallelism() * 2).cache();
        vectors.count();
        start = System.nanoTime();
        Candidates candidates = Candidates.of(spark, vectors, settings(threshold));
        List<Link> found = candidates.pairs().collect();
        double dedupSeconds = seconds(start);
        PairRecall recall = PairRecall.of(exact, found, n);
        System.out.printf(Locale.ROOT, "recall n=%d width=%d: %s; exact all-pairs %.1f s (one driver thread), candidates %.1f s;"
                + " %s, replication %.2f%n", n, width, recall, exactSeconds, dedupSeconds, candidates.stats(),
                candidates.stats().replication());
        vectors.unpersist();
    }

    private static void timed(SparkSession spark, JavaSparkContext context, int n, int width, double threshold,
            ComponentsMethod method) {
        int slices = (n + SLICE - 1) / SLICE;
        int topics = Math.max(1, n / PlantedVectors.SCENES_PER_TOPIC);
        JavaRDD<IdVector> vectors = context.parallelize(IntStream.range(0, slices).boxed().toList(), slices)
                .flatMap(slice -> {
                    int size = Math.min(SLICE, n - slice * SLICE);
                    PlantedVectors planted = PlantedVectors.slice(size, width, DUPLICATE_SHARE, 1, topics, 1000 + slice);
                    List<IdVector> out = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        out.add(new IdVector((long) slice * SLICE + i, planted.vectors()[i]));
                    }
                    return out.iterator();
                }).cache();
        vectors.count();
        long start = System.nanoTime();
        Candidates candidates = Candidates.of(spark, vectors, settings(threshold).withComponents(method));
        double candidateSeconds = seconds(start);
        JavaRDD<PartitionForest> forests = candidates.forests().cache();
        long pairs = forests.map(PartitionForest::pairs).reduce(Long::sum);
        double compareSeconds = seconds(start);
        long grouped = Components.of(forests, method).count();
        double total = seconds(start);
        System.out.printf(Locale.ROOT, "dedup n=%d width=%d %s: %.1f s (centres and assignment %.1f s, comparisons %.1f s,"
                + " components %.1f s); %d pairs, %d vectors grouped; %s, replication %.2f%n", n, width, method, total,
                candidateSeconds, compareSeconds - candidateSeconds, total - compareSeconds, pairs, grouped,
                candidates.stats(), candidates.stats().replication());
        forests.unpersist();
        vectors.unpersist();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
