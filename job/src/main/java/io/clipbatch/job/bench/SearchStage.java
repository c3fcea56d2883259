package io.clipbatch.job.bench;

import io.clipbatch.udfs.vectors.Blas;
import io.clipbatch.udfs.vectors.CosineTopK;
import io.clipbatch.udfs.vectors.SgemmPeak;
import io.clipbatch.udfs.vectors.TopHits;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bench --stages search}: exact search over generated unit vectors (docs/benchmarks.md), wall
 * time and GFLOP/s, set against the same BLAS's sgemm peak on the same block shapes, measured just
 * before and just after in the same run, since the machine is shared.
 * <p>
 * The vectors are generated inside the tasks, row by row, as Spark rows with an {@code array<float>}
 * (what reading a score output gives the search, less the Parquet decoding): the figure is the
 * search's compute. A pass that only generates and decodes them says what of the wall time is not
 * the product.
 */
public final class SearchStage {
    private SearchStage() {}

    public static void run(SparkSession spark, long rows, int width, int queries, int k) throws Exception {
        int cores = spark.sparkContext().defaultParallelism();
        Dataset<Row> vectors = generated(spark, rows, width, 4 * cores);
        double peakBefore = SgemmPeak.gflops(cores, queries, width, 5);
        report("sgemm peak before: %.1f GFLOP/s on %d threads (%s)", peakBefore, cores, Blas.implementation());

        long scanStart = System.nanoTime();
        long scanned = vectors.javaRDD().map(row -> UnitVectors.of(row.get(1)).length).count();
        report("generate and decode only: %d vectors in %.1f s", scanned, seconds(scanStart));

        float[][] asked = new float[queries][];
        for (int q = 0; q < queries; q++) {
            asked[q] = unitVector(width, -1 - q);
        }
        long start = System.nanoTime();
        TopHits top = CosineTopK.search(vectors, "path", "embedding", asked, k);
        double wall = seconds(start);
        double gflops = 2.0 * top.rowsSeen() * queries * width / wall / 1e9;

        double peakAfter = SgemmPeak.gflops(cores, queries, width, 5);
        double peak = (peakBefore + peakAfter) / 2;
        report("sgemm peak after: %.1f GFLOP/s", peakAfter);
        report("search: %d vectors × %d queries, top %d, width %d: %.1f s wall, %.1f GFLOP/s = %.0f%% of the"
                + " sgemm peak (mean of before and after, %.1f GFLOP/s), %s",
                top.rowsSeen(), queries, k, width, wall, gflops, 100 * gflops / peak, peak, Blas.implementation());
    }

    private static Dataset<Row> generated(SparkSession spark, long rows, int width, int partitions) {
        StructType schema = new StructType().add("path", DataTypes.StringType, false)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        MapPartitionsFunction<Row, Row> vectors = ids -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next().getLong(0);
                return RowFactory.create("vec-" + id, unitVector(width, id));
            }
        };
        return spark.range(0, rows, 1, partitions).toDF().mapPartitions(vectors, Encoders.row(schema));
    }

    /** A unit vector drawn from {@code seed} with SplitMix64: uniform components, normalised (cheap to make). */
    static float[] unitVector(int width, long seed) {
        float[] v = new float[width];
        long state = seed * 0x9E3779B97F4A7C15L;
        double norm = 0;
        for (int i = 0; i < width; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            v[i] = (z >>> 40) / (float) (1 << 24) - 0.5f;
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < width; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String format, Object... values) {
        System.out.println(String.format(Locale.ROOT, format, values));
    }
}
