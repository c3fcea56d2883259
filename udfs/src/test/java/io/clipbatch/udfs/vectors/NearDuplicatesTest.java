package io.clipbatch.udfs.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Candidates and groups on planted vectors, measured against exact all-pairs: the margin rule must find
 * every pair at or above the threshold, across cluster borders and split clusters alike.
 */
class NearDuplicatesTest {
    static final int N = 2000;
    static final int WIDTH = 64;
    static final double THRESHOLD = 0.95;

    static PlantedVectors planted;
    static Map<Long, Float> exact;
    static SparkSession spark;
    /** 40 KMeans centres, so that many pairs straddle a border. */
    static Candidates clustered;
    static JavaRDD<PartitionForest> forests;

    @BeforeAll
    static void plant() {
        spark = SparkSession.builder().master("local[2]").appName("clip-batch dedup tests")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4").config("spark.driver.host", "127.0.0.1").getOrCreate();
        planted = PlantedVectors.generate(N, WIDTH, 0.3, 7);
        exact = ExactPairs.of(planted.vectors(), THRESHOLD);
        assertTrue(exact.size() > 1000, "the planted copies give pairs to find: " + exact.size());
        clustered = Candidates.of(spark, vectors(), DedupSettings.of(THRESHOLD).withClusters(40).withSpread(0));
        forests = clustered.forests().cache();
    }

    private static JavaRDD<IdVector> vectors() {
        List<IdVector> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            rows.add(new IdVector(i, planted.vectors()[i]));
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4).cache();
    }

    private static PairRecall measured(Candidates candidates) {
        PairRecall recall = PairRecall.of(exact, candidates.pairs().collect(), N);
        System.out.println(candidates.stats() + ": " + recall + ", replication " + candidates.stats().replication());
        return recall;
    }

    @Test
    void everyPairAboveTheThresholdIsFoundAcrossClusterBorders() {
        PairRecall recall = measured(clustered);
        assertEquals(1.0, recall.recall(), "the margin rule guarantees every pair shares a cluster");
        assertEquals(1.0, recall.precision());
        assertEquals(recall.exact(), recall.found(), "each pair once, however many clusters it shares");
    }

    @Test
    void boundedSpreadKeepsMeasuredRecallWithFewerClustersAVector() {
        // The candidate step decides recall: a pair is found exactly when its vectors share a cluster.
        float[][] v = planted.vectors();
        int[][] unbounded = centresOf(v, 40, THRESHOLD, 0).clustersOf(packed(v), N);
        int[][] bounded = centresOf(v, 40, THRESHOLD, DedupSettings.DEFAULT_SPREAD).clustersOf(packed(v), N);
        assertEquals(exact.size(), sharing(unbounded), "the unbounded margin rule keeps every pair");
        long kept = sharing(bounded);
        System.out.println("pairs sharing a cluster with the spread bound: " + kept + " of " + exact.size());
        assertTrue(kept >= 0.99 * exact.size(), "measured recall of the bounded rule: " + kept + " of " + exact.size());
        assertTrue(java.util.Arrays.stream(bounded).allMatch(c -> c.length <= DedupSettings.DEFAULT_SPREAD));
        assertTrue(assignments(bounded) < assignments(unbounded), "the bound removes work");
    }

    private static long sharing(int[][] clusters) {
        return exact.keySet().stream().filter(key -> new Member(0, null, clusters[(int) (key / N)])
                .lowestSharedCluster(new Member(0, null, clusters[(int) (key % N)])) >= 0).count();
    }

    private static long assignments(int[][] clusters) {
        return java.util.Arrays.stream(clusters).mapToLong(c -> c.length).sum();
    }

    @Test
    void identicalVectorsAreCollapsedBeforeComparing() {
        // A flood: 1,500 copies of one vector, 500 of another, and the planted vectors' first 100.
        List<IdVector> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(new IdVector(i, planted.vectors()[i < 1500 ? 0 : 1].clone()));
        }
        for (int i = 2; i < 102; i++) {
            rows.add(new IdVector(2000 + i, planted.vectors()[i]));
        }
        JavaRDD<IdVector> flood = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4).cache();
        Candidates candidates = Candidates.of(spark, flood, DedupSettings.of(THRESHOLD).withClusters(1).withCap(256));
        assertEquals(2100, candidates.stats().vectors());
        assertEquals(102, candidates.stats().distinct());
        assertEquals(1, candidates.stats().tasks(), "the 102 distinct vectors fit one block: no m² over the copies");
        List<Grouped> groups = Components.of(candidates.forests(), ComponentsMethod.UNION_FIND).collect();
        Map<Long, Long> groupOf = new HashMap<>();
        groups.forEach(g -> groupOf.put(g.id(), g.group()));
        for (int i = 0; i < 2000; i++) {
            assertEquals(groupOf.get(i < 1500 ? 0L : 1500L), groupOf.get((long) i), "copy " + i + " joins its vector's group");
        }
        groups.stream().filter(g -> g.id() < 2000).forEach(g -> assertEquals(1f, g.maxSimilarity()));
    }

    @Test
    void nearestCentreAloneWouldLosePairs() {
        // The same centres with a zero margin (a threshold of 1): plain KMeans partitioning.
        assertTrue(clustered.stats().replication() > 1.0, "some vectors sit near a border");
        float[][] v = planted.vectors();
        Centroids nearestOnly = centresOf(v, 40);
        int[][] clusters = nearestOnly.clustersOf(packed(v), N);
        long split = exact.keySet().stream()
                .filter(key -> clusters[(int) (key / N)][0] != clusters[(int) (key % N)][0]).count();
        System.out.println("pairs split by nearest-centre assignment: " + split + " of " + exact.size());
        assertTrue(split > 0, "without the margin, pairs across borders would be lost");
    }

    @Test
    void splitClustersStillCompareEveryPair() {
        // One cluster of N in blocks of at most 256: a flood of near-copies looks like this.
        Candidates candidates = Candidates.of(spark, vectors(), DedupSettings.of(THRESHOLD).withClusters(1).withCap(256));
        assertEquals(N / 256 + 1, candidates.stats().tasks() == 0 ? 0 : blocksOf(candidates.stats().tasks()));
        PairRecall recall = measured(candidates);
        assertEquals(1.0, recall.recall());
        assertEquals(1.0, recall.precision());
    }

    @Test
    void differentScenesStayApartAndEachSceneIsOneGroup() {
        List<Grouped> groups = Components.of(forests, ComponentsMethod.UNION_FIND).collect();
        Map<Long, Set<Integer>> scenesByGroup = new HashMap<>();
        Map<Integer, Set<Long>> groupsByScene = new HashMap<>();
        for (Grouped g : groups) {
            int scene = planted.scene()[(int) g.id()];
            scenesByGroup.computeIfAbsent(g.group(), x -> new HashSet<>()).add(scene);
            groupsByScene.computeIfAbsent(scene, x -> new HashSet<>()).add(g.group());
        }
        scenesByGroup.forEach((group, scenes) -> assertEquals(1, scenes.size(), "group " + group + " mixes scenes " + scenes));
        groupsByScene.forEach((scene, ids) -> assertEquals(1, ids.size(), "scene " + scene + " split into " + ids));
        long planted = java.util.Arrays.stream(NearDuplicatesTest.planted.scene()).boxed()
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))
                .values().stream().filter(c -> c > 1).count();
        assertEquals(planted, scenesByGroup.size(), "every scene with copies is found as a group");
    }

    @Test
    void graphxAndUnionFindGiveTheSameGroups() {
        Set<Grouped> viaUnionFind = new HashSet<>(Components.of(forests, ComponentsMethod.UNION_FIND).collect());
        Set<Grouped> viaGraphx = new HashSet<>(Components.of(forests, ComponentsMethod.GRAPHX).collect());
        assertEquals(viaUnionFind, viaGraphx);
    }

    /** b from the b(b + 1)/2 block pairs of one cluster. */
    private static long blocksOf(long tasks) {
        return Math.round((Math.sqrt(8.0 * tasks + 1) - 1) / 2);
    }

    private static Centroids centresOf(float[][] v, int k) {
        return centresOf(v, k, 1.0, 0);
    }

    private static Centroids centresOf(float[][] v, int k, double threshold, int spread) {
        // The first k vectors as centres: poor centres with many borders, a hard case for the rule.
        float[] centres = new float[k * WIDTH];
        for (int c = 0; c < k; c++) {
            System.arraycopy(v[c], 0, centres, c * WIDTH, WIDTH);
        }
        return new Centroids(centres, k, WIDTH, threshold, spread);
    }

    private static float[] packed(float[][] v) {
        float[] out = new float[v.length * WIDTH];
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(v[i], 0, out, i * WIDTH, WIDTH);
        }
        return out;
    }
}
