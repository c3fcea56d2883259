package io.clipbatch.udfs.vectors;

import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact top-k by cosine over a Dataset of embeddings: the normalised query matrix is broadcast, each
 * partition multiplies its blocks of embeddings by it with a real BLAS ({@link Blas}) and keeps a
 * bounded heap per query, and the partitions' heaps are merged ({@code treeReduce}) into {@code k}
 * hits per query on the driver. Ties go to the lower key.
 */
public final class CosineTopK {
    private CosineTopK() {}

    /**
     * The best {@code k} rows of {@code rows} for each query.
     *
     * @param rows            rows with a non-null key and a non-null embedding each
     * @param keyColumn       a string or integral column, unique per row, that breaks ties
     * @param embeddingColumn {@code array<float>}, {@code array<double>} or float16 {@code binary}, of the
     *                        queries' width
     * @return per query, hits whose rows are {@code rows}' columns less the embedding, in order
     */
    public static TopHits search(Dataset<Row> rows, String keyColumn, String embeddingColumn, float[][] queries,
                                 int k) {
        QueryMatrix matrix = QueryMatrix.of(queries);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<QueryMatrix> broadcast = jsc.broadcast(matrix);
        try {
            JavaRDD<Row> input = rows.javaRDD();
            if (input.getNumPartitions() == 0) {
                return new TopHits(matrix.count(), k);
            }
            int keyIndex = Arrays.asList(rows.columns()).indexOf(keyColumn);
            int embeddingIndex = Arrays.asList(rows.columns()).indexOf(embeddingColumn);
            return input.mapPartitions(new BlockSearch(broadcast, keyIndex, embeddingIndex, k))
                    .treeReduce(TopHits::merge);
        } finally {
            broadcast.destroy();
        }
    }
}
