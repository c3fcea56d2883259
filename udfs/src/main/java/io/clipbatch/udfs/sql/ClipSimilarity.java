package io.clipbatch.udfs.sql;

import java.util.List;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;

/**
 * {@code clip_similarity(a, b)}: the cosine of two embeddings as a float, each an {@code array<float>},
 * an {@code array<double>} or float16 {@code binary}. Null when either is null or all zeros; embeddings
 * of different lengths (two models) fail the query.
 */
final class ClipSimilarity {
    static final String NAME = "clip_similarity";
    private static final String EMBEDDING = "an array<float>, an array<double> or float16 binary";

    private ClipSimilarity() {}

    static Expression build(List<Expression> expressions) {
        SqlArguments args = new SqlArguments(NAME, expressions, 2, 2, "(a, b)");
        Expression a = args.ofType(0, "a", EMBEDDING, isEmbedding(args.get(0).dataType()));
        Expression b = args.ofType(1, "b", EMBEDDING, isEmbedding(args.get(1).dataType()));
        UDF2<Object, Object, Float> cosine = (x, y) -> x == null || y == null ? null
                : cosine(EmbeddingValues.of(x), EmbeddingValues.of(y));
        return SparkLine.call(functions.udf(cosine, DataTypes.FloatType).withName(NAME), List.of(a, b));
    }

    static Float cosine(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(NAME + ": embeddings of " + a.length + " and " + b.length
                    + " values cannot be compared (two different models?)");
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? null : (float) (dot / Math.sqrt(normA * normB));
    }

    private static boolean isEmbedding(DataType type) {
        return type instanceof BinaryType || type instanceof ArrayType array
                && (array.elementType() instanceof FloatType || array.elementType() instanceof DoubleType);
    }
}
