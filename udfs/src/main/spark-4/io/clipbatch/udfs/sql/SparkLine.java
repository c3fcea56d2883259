package io.clipbatch.udfs.sql;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import scala.Function1;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark 4 side of what differs between Spark lines: builders take a {@code scala.collection.immutable.Seq},
 * the plan is on {@code classic.Dataset}, and a UDF becomes its {@code ScalaUDF} expression directly
 * (a Column is only a node here, which the analysis that calls a builder would not convert).
 */
final class SparkLine {
    private SparkLine() {}

    static Function1<Seq<Expression>, Expression> functionBuilder(Function<List<Expression>, Expression> build) {
        return args -> build.apply(CollectionConverters.asJava(args));
    }

    static Function1<Seq<Expression>, LogicalPlan> tableFunctionBuilder(Function<List<Expression>, LogicalPlan> build) {
        return args -> build.apply(CollectionConverters.asJava(args));
    }

    static LogicalPlan logicalPlan(Dataset<Row> rows) {
        return ((org.apache.spark.sql.classic.Dataset<Row>) rows).logicalPlan();
    }

    /** The expression that calls {@code udf} on {@code args}. */
    static Expression call(UserDefinedFunction udf, List<Expression> args) {
        return UserDefinedFunctionUtils.toScalaUDF((SparkUserDefinedFunction) udf,
                CollectionConverters.asScala(args).toList());
    }
}
