package io.clipbatch.job.bench;

import io.clipbatch.job.vectors.StoredEmbeddings;
import io.clipbatch.udfs.vectors.Blas;
import io.clipbatch.udfs.vectors.CosineTopK;
import io.clipbatch.udfs.vectors.SgemmPeak;
import io.clipbatch.udfs.vectors.TopHits;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bench --stages search}: exact search over generated unit vectors (docs/benchmarks.md), wall
 * time and GFLOP/s, set against the same BLAS's sgemm peak on the same block shapes, measured just
 * before and just after in the same run, since the machine is shared. The vectors are written once as
 * Parquet under the scratch folder and read back as {@code search} reads a score output.
 */
public final class SearchStage {
    private SearchStage() {}

    public static void run(SparkSession spark, long rows, int width, int queries, int k, Path work) throws Exception {
        int cores = spark.sparkContext().defaultParallelism();
        Path vectors = work.resolve("vectors-" + rows + "x" + width);
        if (!Files.isDirectory(vectors)) {
            long start = System.nanoTime();
            generate(spark, rows, width).write().parquet(vectors.toString());
            report("generated and wrote %d × %d unit vectors in %.1f s", rows, width, seconds(start));
        }
        StoredEmbeddings stored = StoredEmbeddings.open(spark, StoredEmbeddings.Source.of(vectors.toString()));
        double peakBefore = SgemmPeak.gflops(cores, queries, width, 5);
        report("sgemm peak before: %.1f GFLOP/s on %d threads (%s)", peakBefore, cores, Blas.implementation());

        long scanStart = System.nanoTime();
        long scanned = stored.rows().javaRDD().map(row -> UnitVectors.of(row.get(1)).length).count();
        report("read and decode only: %d vectors in %.1f s", scanned, seconds(scanStart));

        float[][] asked = randomUnitVectors(queries, width, 7);
        long start = System.nanoTime();
        TopHits top = CosineTopK.search(stored.rows(), stored.keyColumn(), stored.embeddingColumn(), asked, k);
        double wall = seconds(start);
        double gflops = 2.0 * top.rowsSeen() * queries * width / wall / 1e9;

        double peakAfter = SgemmPeak.gflops(cores, queries, width, 5);
        double peak = (peakBefore + peakAfter) / 2;
        report("sgemm peak after: %.1f GFLOP/s", peakAfter);
        report("search: %d vectors × %d queries, top %d, width %d: %.1f s wall, %.1f GFLOP/s = %.0f%% of the"
                + " sgemm peak (mean of before and after, %.1f GFLOP/s), %s",
                top.rowsSeen(), queries, k, width, wall, gflops, 100 * gflops / peak, peak, Blas.implementation());
    }

    private static org.apache.spark.sql.Dataset<Row> generate(SparkSession spark, long rows, int width) {
        StructType schema = new StructType().add("path", DataTypes.StringType, false)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        MapPartitionsFunction<Row, Row> vectors = ids -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next().getLong(0);
                return RowFactory.create(String.format("vec-%09d", id), randomUnitVectors(1, width, id)[0]);
            }
        };
        return spark.range(rows).toDF().mapPartitions(vectors, Encoders.row(schema));
    }

    static float[][] randomUnitVectors(int count, int width, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[count][width];
        for (float[] v : out) {
            double norm = 0;
            for (int i = 0; i < width; i++) {
                v[i] = (float) random.nextGaussian();
                norm += v[i] * v[i];
            }
            for (int i = 0; i < width; i++) {
                v[i] = (float) (v[i] / Math.sqrt(norm));
            }
        }
        return out;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String format, Object... values) {
        System.out.println(String.format(Locale.ROOT, format, values));
    }
}
