package io.clipbatch.udfs.vectors;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Exactly identical vectors collapsed before any comparison: one representative a distinct vector (its lowest id)
 * goes on to the candidate search, and every other copy is joined to it as a pair of similarity 1. A flood of m
 * identical images then costs one shuffle of their ids instead of m²/2 dot products. Their pairs with other
 * vectors are those of their representative (same vector, same cosines), so the groups are unchanged.
 *
 * @param vectors one {@link IdVector} a distinct vector, with its lowest id
 * @param links   every other copy linked to its representative
 */
public record DistinctVectors(JavaRDD<IdVector> vectors, JavaRDD<Link> links) {

    public static DistinctVectors of(JavaRDD<IdVector> all) {
        JavaPairRDD<VectorContent, IdenticalCopies> byContent = all
                .mapToPair(v -> new Tuple2<>(new VectorContent(v.vector()), v.id()))
                .aggregateByKey(new IdenticalCopies(), all.getNumPartitions(), IdenticalCopies::add, IdenticalCopies::merge)
                .cache();
        return new DistinctVectors(
                byContent.map(t -> new IdVector(t._2().first(), t._1().vector())),
                byContent.flatMap(t -> t._2().links().iterator()));
    }
}
