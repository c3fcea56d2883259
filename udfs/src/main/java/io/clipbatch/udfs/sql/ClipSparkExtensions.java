package io.clipbatch.udfs.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Tuple3;
import scala.runtime.BoxedUnit;

/**
 * clip-batch's SQL functions. Spark finds this class through the ServiceLoader file in the jar, so
 * adding the jar to a session is enough; naming it in {@code spark.sql.extensions} works as well.
 */
public final class ClipSparkExtensions implements SparkSessionExtensionsProvider {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(ClipTextEmbedding.NAME),
                info(ClipTextEmbedding.NAME, "_FUNC_(model_path, text) - The text's CLIP embedding, array<float>."),
                SparkLine.functionBuilder(ClipTextEmbedding::build)));
        extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(ClipImageEmbedding.NAME),
                info(ClipImageEmbedding.NAME, "_FUNC_(model_path, path_or_bytes) - An image's CLIP embedding, array<float>."),
                SparkLine.functionBuilder(ClipImageEmbedding::build)));
        extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(ClipSimilarity.NAME),
                info(ClipSimilarity.NAME, "_FUNC_(a, b) - The cosine of two embeddings, float."),
                SparkLine.functionBuilder(ClipSimilarity::build)));
        extensions.injectTableFunction(new Tuple3<>(FunctionIdentifier.apply(ClipScore.NAME),
                info(ClipScore.NAME, "_FUNC_(input, model_path [, options]) - score's output for every image of input,"
                        + " a URI or a table; options is a map<string,string> of score's flags in snake_case."),
                SparkLine.tableFunctionBuilder(ClipScore::build)));
        return BoxedUnit.UNIT;
    }

    private static ExpressionInfo info(String name, String usage) {
        return new ExpressionInfo(ClipSparkExtensions.class.getName(), null, name, usage, "");
    }
}
