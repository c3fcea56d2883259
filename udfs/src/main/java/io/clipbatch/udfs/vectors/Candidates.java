package io.clipbatch.udfs.vectors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The candidate pairs: identical vectors collapsed ({@link DistinctVectors}), KMeans centres from a sample,
 * every distinct vector assigned by {@link Centroids}' margin rule, clusters split into blocks by
 * {@link BlockPlan}, and one comparison task a block pair.
 */
public final class Candidates {
    /** Vectors assigned in one sgemm call against the centres. */
    static final int ASSIGN_BLOCK = 1024;
    static final int KMEANS_ITERATIONS = 10;
    /** Sample rows a centre: KMeans needs only a handful, and its cost grows with the sample. */
    static final int SAMPLE_PER_CLUSTER = 20;

    private final JavaPairRDD<TaskKey, Iterable<Member>> tasks;
    private final Broadcast<BlockPlan> plan;
    private final float threshold;
    private final JavaRDD<Link> identical;
    private final Stats stats;

    /** What the candidate step did, for summary lines and benchmarks. */
    public record Stats(long vectors, long distinct, int clusters, long assignments, long tasks, long largestCluster,
            int width) {
        /** Clusters a distinct vector is assigned to, on average: 1 would be plain KMeans partitioning. */
        public double replication() {
            return distinct == 0 ? 0 : (double) assignments / distinct;
        }
    }

    private Candidates(JavaPairRDD<TaskKey, Iterable<Member>> tasks, JavaRDD<Link> identical, Broadcast<BlockPlan> plan,
            float threshold, Stats stats) {
        this.tasks = tasks;
        this.identical = identical;
        this.plan = plan;
        this.threshold = threshold;
        this.stats = stats;
    }

    /** Plans the comparisons of {@code vectors} (unit length, ids unique), which should be cached. */
    public static Candidates of(SparkSession spark, JavaRDD<IdVector> all, DedupSettings settings) {
        long total = all.count();
        DistinctVectors distinct = DistinctVectors.of(all);
        JavaRDD<IdVector> vectors = distinct.vectors().cache();
        long n = vectors.count();
        int width = n == 0 ? 0 : vectors.first().vector().length;
        int k = settings.clustersFor(Math.max(1, n));
        Centroids centroids = k == 1 || n == 0 ? single(width, settings.threshold()) : kmeans(spark, vectors, n, k, width, settings);
        Broadcast<Centroids> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(centroids);
        JavaRDD<Member> members = vectors.mapPartitions(rows -> assign(rows, shared.value())).cache();
        Map<Integer, Long> sizes = members.flatMap(m -> boxed(m.clusters()).iterator()).countByValue();
        BlockPlan blocks = BlockPlan.of(sizes, centroids.count(), settings.cap());
        Broadcast<BlockPlan> plan = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(blocks);
        long assignments = sizes.values().stream().mapToLong(Long::longValue).sum();
        long taskCount = 0;
        for (int c = 0; c < centroids.count(); c++) {
            long b = blocks.blocksOf(c);
            taskCount += sizes.containsKey(c) ? b * (b + 1) / 2 : 0;
        }
        int partitions = (int) Math.max(vectors.getNumPartitions(), Math.min(taskCount, 4L * vectors.getNumPartitions()));
        JavaPairRDD<TaskKey, Iterable<Member>> tasks = members
                .flatMapToPair(m -> toTasks(m, plan.value()).iterator())
                .groupByKey(Math.max(1, partitions));
        long largest = sizes.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Stats stats = new Stats(total, n, centroids.count(), assignments, taskCount, largest, width);
        return new Candidates(tasks, distinct.links(), plan, (float) settings.threshold(), stats);
    }

    public Stats stats() {
        return stats;
    }

    /**
     * Every pair at or above the threshold among the distinct vectors, once, and each identical copy's link to
     * its representative (a copy's other pairs are its representative's): for measuring recall, and for small inputs.
     */
    public JavaRDD<Link> pairs() {
        Broadcast<BlockPlan> blocks = plan;
        float t = threshold;
        return identical.union(tasks.mapPartitions(groups -> {
            List<Link> out = new ArrayList<>();
            while (groups.hasNext()) {
                Tuple2<TaskKey, Iterable<Member>> task = groups.next();
                TaskComparison.compare(task._1(), task._2(), blocks.value(), t, (a, b, s) -> out.add(new Link(a, b, s)));
            }
            return out.iterator();
        }));
    }

    /** Each partition's spanning forest and best similarities: linear in the vectors, whatever the pairs. */
    public JavaRDD<PartitionForest> forests() {
        Broadcast<BlockPlan> blocks = plan;
        float t = threshold;
        return tasks.mapPartitions(groups -> {
            PartitionForest forest = new PartitionForest();
            while (groups.hasNext()) {
                Tuple2<TaskKey, Iterable<Member>> task = groups.next();
                TaskComparison.compare(task._1(), task._2(), blocks.value(), t, forest);
            }
            return List.of(forest).iterator();
        }).union(identical.mapPartitions(links -> {
            PartitionForest forest = new PartitionForest();
            links.forEachRemaining(link -> forest.accept(link.a(), link.b(), link.similarity()));
            return List.of(forest).iterator();
        }));
    }

    private static Centroids single(int width, double threshold) {
        return new Centroids(new float[width], 1, width, threshold);
    }

    private static Centroids kmeans(SparkSession spark, JavaRDD<IdVector> vectors, long n, int k, int width,
            DedupSettings settings) {
        double fraction = Math.min(1.0, (double) SAMPLE_PER_CLUSTER * k / n);
        JavaRDD<Row> sample = vectors.sample(false, fraction, settings.seed())
                .map(v -> RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(widened(v.vector()))));
        Dataset<Row> points = spark.createDataFrame(sample, new StructType().add("features", SQLDataTypes.VectorType()));
        KMeansModel model = new KMeans().setK(k).setSeed(settings.seed()).setMaxIter(KMEANS_ITERATIONS).setInitMode("random").fit(points.cache());
        Vector[] centres = model.clusterCenters();
        float[] flat = new float[centres.length * width];
        for (int c = 0; c < centres.length; c++) {
            double[] values = centres[c].toArray();
            for (int i = 0; i < width; i++) {
                flat[c * width + i] = (float) values[i];
            }
        }
        return new Centroids(flat, centres.length, width, settings.threshold(), settings.spread());
    }

    private static Iterator<Member> assign(Iterator<IdVector> rows, Centroids centroids) {
        return new Iterator<>() {
            private final List<Member> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<IdVector> block = new ArrayList<>(ASSIGN_BLOCK);
                while (rows.hasNext() && block.size() < ASSIGN_BLOCK) {
                    block.add(rows.next());
                }
                if (block.isEmpty()) {
                    return false;
                }
                int width = centroids.width();
                float[] packed = new float[block.size() * width];
                for (int i = 0; i < block.size(); i++) {
                    System.arraycopy(block.get(i).vector(), 0, packed, i * width, width);
                }
                int[][] clusters = centroids.clustersOf(packed, block.size());
                for (int i = 0; i < block.size(); i++) {
                    ready.add(new Member(block.get(i).id(), block.get(i).vector(), clusters[i]));
                }
                return true;
            }

            @Override
            public Member next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private static List<Tuple2<TaskKey, Member>> toTasks(Member member, BlockPlan plan) {
        List<Tuple2<TaskKey, Member>> out = new ArrayList<>();
        for (int cluster : member.clusters()) {
            for (TaskKey task : plan.tasksOf(cluster, member.id())) {
                out.add(new Tuple2<>(task, member));
            }
        }
        return out;
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    private static double[] widened(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
