package io.clipbatch.job.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.udfs.vectors.CosineTopK;
import io.clipbatch.udfs.vectors.Hit;
import io.clipbatch.udfs.vectors.TopHits;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search against a brute-force float32 computation on the same vectors: every query's ranked keys
 * equal under the tie rule (higher score, then lower key), scores within 1e-6, with planted exact ties
 * whose higher key lies in an earlier partition than its lower-key twin.
 */
class ExactSearchTest {
    static final int N = 2000;
    static final int WIDTH = 48;
    static final int K = 12;

    @TempDir
    static Path work;
    static List<float[]> vectors = new ArrayList<>();
    static List<String> keys = new ArrayList<>();
    static List<float[]> queries = new ArrayList<>();

    @BeforeAll
    static void plantVectors() {
        Random random = new Random(14);
        for (int i = 0; i < N; i++) {
            float[] v = new float[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                v[j] = (float) random.nextGaussian();
            }
            vectors.add(v);
            keys.add(String.format("img-%05d", i));
        }
        // Exact copies under a lower key, written after their twins: ties that the key alone must order.
        for (int i = 0; i < 40; i++) {
            vectors.add(vectors.get(i * 7).clone());
            keys.add(String.format("img-%05d-a", i * 7).replace("img-", "dup-"));
        }
        // Queries: some stored vectors themselves (their copies tie at the top), some random.
        for (int q = 0; q < 30; q++) {
            if (q % 2 == 0) {
                queries.add(vectors.get(q * 7 / 2 * 2).clone());
            } else {
                float[] v = new float[WIDTH];
                for (int j = 0; j < WIDTH; j++) {
                    v[j] = (float) random.nextGaussian();
                }
                queries.add(v);
            }
        }
    }

    private static Path write(String name, boolean asDoubles) {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            Object embedding = asDoubles ? doubles(vectors.get(i)) : vectors.get(i);
            rows.add(RowFactory.create(keys.get(i), i % 5, null, embedding));
        }
        rows.add(RowFactory.create("zz-failed", 1, "decode: truncated JPEG", null));
        StructType schema = new StructType()
                .add("path", DataTypes.StringType)
                .add("shard", DataTypes.IntegerType)
                .add("error", DataTypes.StringType)
                .add("embedding", DataTypes.createArrayType(asDoubles ? DataTypes.DoubleType : DataTypes.FloatType));
        Path out = work.resolve(name);
        // The copies are the last rows: in the last partition, after their higher-key twins.
        spark.createDataFrame(rows, schema).repartition(1).write().mode(SaveMode.Overwrite).parquet(out.toString());
        return out;
    }

    private static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Every stored key ranked for one query by float32 vectors' cosine, computed plainly. */
    private static List<Hit> bruteForce(float[] query, int shardAtLeast) {
        float[] q = Vectors.normalize(query.clone());
        List<Hit> all = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (i % 5 < shardAtLeast) {
                continue;
            }
            float[] v = Vectors.normalize(vectors.get(i).clone());
            double dot = 0;
            for (int j = 0; j < WIDTH; j++) {
                dot += (double) q[j] * v[j];
            }
            all.add(new Hit((float) dot, keys.get(i), null));
        }
        all.sort(Comparator.comparing(Hit::score).reversed().thenComparing(h -> (String) h.key()));
        return all.subList(0, K);
    }

    private static void assertSameAsBruteForce(Path stored, String where, int shardAtLeast, int partitions) {
        StoredEmbeddings embeddings = StoredEmbeddings.open(SparkTestSession.get(),
                new StoredEmbeddings.Source(stored.toString(), null, where));
        Dataset<Row> rows = embeddings.rows().repartition(partitions);
        TopHits top = CosineTopK.search(rows, embeddings.keyColumn(), embeddings.embeddingColumn(),
                queries.toArray(new float[0][]), K);
        int ties = 0;
        for (int q = 0; q < queries.size(); q++) {
            List<Hit> want = bruteForce(queries.get(q), shardAtLeast);
            List<Hit> got = top.ranked(q);
            assertEquals(want.stream().map(Hit::key).toList(), got.stream().map(Hit::key).toList(), "query " + q);
            for (int r = 0; r < K; r++) {
                assertEquals(want.get(r).score(), got.get(r).score(), 1e-6, "query " + q + " rank " + r);
                assertEquals(got.get(r).key(), got.get(r).row().get(0), "the hit's row starts with its key");
                ties += r > 0 && got.get(r).score() == got.get(r - 1).score() ? 1 : 0;
            }
        }
        assertTrue(ties >= 5, "planted ties reached the top: " + ties);
    }

    @Test
    void floatArraysGiveTheBruteForceRanksAndScores() {
        assertSameAsBruteForce(write("float32", false), null, 0, 3);
    }

    @Test
    void doubleArraysAndAFilterGiveTheSame() {
        assertSameAsBruteForce(write("float64", true), "shard >= 1", 1, 2);
    }

    @Test
    void javaArraysAreNormalisedWithoutBeingChanged() {
        float[] stored = {3f, 4f};
        assertArrayEquals(new float[] {0.6f, 0.8f}, UnitVectors.of(stored), 1e-7f);
        assertArrayEquals(new float[] {3f, 4f}, stored, 0f);
        assertArrayEquals(new float[] {0.6f, 0.8f}, UnitVectors.of(new double[] {3, 4}), 1e-7f);
    }

    @Test
    void rowsWithAnErrorAreLeftOutAndPassThroughColumnsKept() {
        StoredEmbeddings embeddings = StoredEmbeddings.open(SparkTestSession.get(),
                StoredEmbeddings.Source.of(write("with-error", false).toString()));
        assertEquals(vectors.size(), embeddings.rows().count());
        assertEquals(List.of("shard"), embeddings.passThroughColumns());
        assertEquals(StoredEmbeddings.Encoding.FLOAT_ARRAY, embeddings.encoding());
        assertEquals(WIDTH, embeddings.width().orElseThrow());
    }
}
