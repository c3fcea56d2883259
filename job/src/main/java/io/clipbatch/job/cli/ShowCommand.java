package io.clipbatch.job.cli;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints rows of a Parquet output as JSON lines.")
public final class ShowCommand implements Callable<Integer> {
    /** Floats of a shortened embedding: enough to eyeball, short enough to read. */
    static final int SHORT_EMBEDDING = 4;

    /** A float16 embedding (--embedding-dtype float16) shortened as a float one is. */
    private static final UserDefinedFunction SHORT_FLOAT16 = functions.udf((UDF1<byte[], String[]>) bytes -> {
        if (bytes == null) {
            return null;
        }
        float[] floats = Vectors.fromFloat16Bytes(bytes);
        String[] shown = new String[Math.min(floats.length, SHORT_EMBEDDING) + 1];
        for (int i = 0; i < shown.length - 1; i++) {
            shown[i] = Float.toString(floats[i]);
        }
        shown[shown.length - 1] = "... (" + floats.length + " floats)";
        return shown;
    }, DataTypes.createArrayType(DataTypes.StringType));

    @Parameters(index = "0", paramLabel = "URI", description = "A Parquet file or folder.")
    String uri;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Rows to print, 0 or more (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--full", description = "Print embeddings whole (float16 ones as Base64 bytes).")
    boolean full;

    @Mixin
    SparkOptions spark = new SparkOptions();

    /**
     * A one-off local read: nothing to watch in a UI, log or serve shuffles for, and nothing worth
     * compiling code for (interpreted evaluation saves the compiler's start-up on a few rows).
     */
    static final Map<String, String> QUICK_SESSION = Map.of(
            "spark.ui.enabled", "false",
            "spark.eventLog.enabled", "false",
            "spark.shuffle.service.enabled", "false",
            "spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN");

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UserError("--limit must be 0 or more, got " + limit);
        }
        SparkSession session = spark.session("clip-batch show", QUICK_SESSION);
        Dataset<Row> rows = read(session);
        if (!full) {
            rows = rows.select(shortened(rows));
        }
        for (String json : rows.limit(limit).toJSON().collectAsList()) {
            System.out.println(json);
        }
        return 0;
    }

    private Dataset<Row> read(SparkSession session) {
        Optional<StructType> schema = ShownParquet.schema(session.sparkContext().hadoopConfiguration(), uri);
        try {
            return schema.map(s -> session.read().schema(s)).orElse(session.read()).parquet(uri);
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                throw new UserError("cannot read " + uri + " as Parquet: " + e.getMessage().split("\n")[0]);
            }
            throw e;
        }
    }

    /** Every column, with embeddings (float arrays, float16 bytes) cut to their first few values and their length. */
    static Column[] shortened(Dataset<Row> rows) {
        List<Column> columns = new java.util.ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column column = functions.col(field.name());
            if (field.dataType() instanceof ArrayType array && array.elementType().equals(DataTypes.FloatType)) {
                column = functions.when(column.isNull(), functions.lit(null))
                        .otherwise(functions.concat(
                                functions.slice(column, 1, SHORT_EMBEDDING).cast("array<string>"),
                                functions.array(functions.concat(functions.lit("... ("),
                                        functions.size(column).cast("string"), functions.lit(" floats)")))))
                        .as(field.name());
            } else if (field.name().equals(ScoreSchema.EMBEDDING) && field.dataType().equals(DataTypes.BinaryType)) {
                column = SHORT_FLOAT16.apply(column).as(field.name());
            }
            columns.add(column);
        }
        return columns.toArray(new Column[0]);
    }
}
