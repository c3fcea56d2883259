package io.clipbatch.udfs.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Connected components over the similar pairs: the groups. Components chain: A~B and B~C put A and C in
 * one group even when A and C fall below the threshold.
 */
public final class Components {
    private Components() {}

    /** Every vector with at least one similar partner, with its group; {@code forests} should be cached. */
    public static JavaRDD<Grouped> of(JavaRDD<PartitionForest> forests, ComponentsMethod method) {
        JavaRDD<Link> edges = forests.flatMap(f -> f.edges().iterator());
        JavaPairRDD<Long, Float> best = forests
                .flatMapToPair(f -> pairsOf(f.best()).iterator())
                .reduceByKey(Math::max);
        JavaPairRDD<Long, Long> roots = method == ComponentsMethod.GRAPHX ? graphx(edges) : unionFind(edges);
        return best.join(roots).map(entry -> new Grouped(entry._1(), entry._2()._2(), entry._2()._1()));
    }

    /** The edges collected, one union-find on the driver: memory there is about 100 bytes a grouped vector. */
    private static JavaPairRDD<Long, Long> unionFind(JavaRDD<Link> edges) {
        UnionFind sets = new UnionFind();
        for (Link link : edges.collect()) {
            sets.union(link.a(), link.b());
        }
        List<Tuple2<Long, Long>> roots = new ArrayList<>();
        sets.roots().forEach((id, root) -> roots.add(new Tuple2<>(id, root)));
        return JavaSparkContext.fromSparkContext(edges.context()).parallelizePairs(roots, edges.getNumPartitions());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JavaPairRDD<Long, Long> graphx(JavaRDD<Link> edges) {
        ClassTag<Object> anyTag = ClassTag$.MODULE$.apply(Object.class);
        org.apache.spark.rdd.RDD<Tuple2<Object, Object>> tuples =
                edges.map(l -> new Tuple2<Object, Object>(l.a(), l.b())).rdd();
        Graph graph = Graph.fromEdgeTuples(tuples, 0, scala.Option.empty(),
                StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), anyTag);
        Graph components = ConnectedComponents.run(graph, anyTag, anyTag);
        JavaRDD<Tuple2<Object, Object>> vertices = components.vertices().toJavaRDD();
        return vertices.mapToPair(v -> new Tuple2<>((Long) v._1(), (Long) v._2()));
    }

    private static List<Tuple2<Long, Float>> pairsOf(Map<Long, Float> best) {
        List<Tuple2<Long, Float>> out = new ArrayList<>(best.size());
        best.forEach((id, similarity) -> out.add(new Tuple2<>(id, similarity)));
        return out;
    }
}
