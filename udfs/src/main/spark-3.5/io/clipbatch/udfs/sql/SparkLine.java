package io.clipbatch.udfs.sql;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import scala.Function1;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The Spark 3.5 side of what differs between Spark lines: builders take a {@code scala.collection.Seq},
 * a Dataset holds its plan, and a UDF call is a Column wrapping its expression.
 */
final class SparkLine {
    private SparkLine() {}

    static Function1<Seq<Expression>, Expression> functionBuilder(Function<List<Expression>, Expression> build) {
        return args -> build.apply(JavaConverters.seqAsJavaList(args));
    }

    static Function1<Seq<Expression>, LogicalPlan> tableFunctionBuilder(Function<List<Expression>, LogicalPlan> build) {
        return args -> build.apply(JavaConverters.seqAsJavaList(args));
    }

    static LogicalPlan logicalPlan(Dataset<Row> rows) {
        return rows.logicalPlan();
    }

    /** The expression that calls {@code udf} on {@code args}. */
    static Expression call(UserDefinedFunction udf, List<Expression> args) {
        return udf.apply(args.stream().map(Column::new).toArray(Column[]::new)).expr();
    }
}
