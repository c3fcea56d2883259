package io.clipbatch.udfs.sql;

import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.ImageInputs;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * {@code clip_score(input, model_path [, options])}: the table of {@code score}'s output schema, scored
 * by {@link ClipScoring} exactly as {@code score} scores (batched, pipelined, one session per executor
 * JVM). The builder gets the resolved constant arguments and no session, and runs on every analysis.
 */
final class ClipScore {
    static final String NAME = "clip_score";

    private ClipScore() {}

    static LogicalPlan build(List<Expression> expressions) {
        SqlArguments args = new SqlArguments(NAME, expressions, 2, 3, "(input, model_path [, options])");
        String input = args.constantString(0, "input");
        String modelDir = SqlModels.driverSide(args, 1);
        Map<String, String> given = args.count() == 3 ? args.constantStringMap(2, "options") : Map.of();
        ScoreOptions options = ScoreOptions.parse(args, modelDir, given);
        SparkSession spark = SparkSession.active();
        try {
            Dataset<Row> rows = ScoreInput.open(args, spark, input, options.spec().pathColumn(), options.spec().bytesColumn());
            String pathColumn = ImageInputs.pathColumnOf(rows, options.spec().pathColumn());
            Dataset<Row> scored = ClipScoring.score(ScoreInput.spread(rows),
                    options.spec().withColumns(pathColumn, options.spec().bytesColumn()), SqlHeads.of(spark, options));
            return SparkLine.logicalPlan(scored);
        } catch (UserError e) {
            throw args.mistake(e.getMessage());
        }
    }
}
