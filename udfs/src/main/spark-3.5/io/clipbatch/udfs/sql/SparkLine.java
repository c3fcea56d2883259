package io.clipbatch.udfs.sql;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.Function1;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The Spark 3.5 side of what differs between Spark lines: builders take a {@code scala.collection.Seq},
 * a Dataset holds its plan, and a Column wraps its expression.
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

    static Column column(Expression expression) {
        return new Column(expression);
    }

    static Expression expression(Column column) {
        return column.expr();
    }
}
