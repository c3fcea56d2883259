package io.clipbatch.udfs.sql;

import java.util.List;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

/**
 * {@code clip_text_embedding(model_path, text)}: the text tower's L2-normalised {@code array<float>}.
 * A constant text is embedded here, on the driver, and the call becomes that literal; any other text
 * goes through {@link TextEmbeddings}, once per distinct text per JVM.
 */
final class ClipTextEmbedding {
    static final String NAME = "clip_text_embedding";
    static final ArrayType TYPE = DataTypes.createArrayType(DataTypes.FloatType, false);

    private ClipTextEmbedding() {}

    static Expression build(List<Expression> expressions) {
        SqlArguments args = new SqlArguments(NAME, expressions, 2, 2, "(model_path, text)");
        String modelDir = SqlModels.driverSide(args, 0);
        Expression text = args.ofType(1, "text", "a string", args.get(1).dataType() instanceof StringType);
        if (text.foldable()) {
            Object value = text.eval(null);
            return new Literal(value == null ? null
                    : new GenericArrayData(TextEmbeddings.of(modelDir, value.toString())), TYPE);
        }
        UserDefinedFunction udf = functions.udf(
                (UDF1<String, float[]>) t -> t == null ? null : TextEmbeddings.of(modelDir, t), TYPE);
        return SparkLine.call(udf.withName(NAME), List.of(text));
    }
}
