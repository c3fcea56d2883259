package io.clipbatch.udfs.sql;

import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StringType;

/**
 * {@code clip_image_embedding(model_path, path_or_bytes)}: the image tower's L2-normalised
 * {@code array<float>} of an image given by its path (any Hadoop file system) or its encoded bytes.
 */
final class ClipImageEmbedding {
    static final String NAME = "clip_image_embedding";

    private ClipImageEmbedding() {}

    static Expression build(List<Expression> expressions) {
        SqlArguments args = new SqlArguments(NAME, expressions, 2, 2, "(model_path, path_or_bytes)");
        String modelDir = SqlModels.driverSide(args, 0);
        Expression image = args.ofType(1, "path_or_bytes", "a string path or binary image bytes",
                args.get(1).dataType() instanceof StringType || args.get(1).dataType() instanceof BinaryType);
        SerializableConfiguration hadoopConf =
                new SerializableConfiguration(SparkSession.active().sparkContext().hadoopConfiguration());
        return SparkLine.call(functions.udf(new ImageEmbeddings(modelDir, hadoopConf), ClipTextEmbedding.TYPE)
                .withName(NAME), List.of(image));
    }
}
