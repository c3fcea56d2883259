package io.clipbatch.job.cli;

import io.clipbatch.job.UserError;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints rows of a Parquet output as JSON lines.")
public final class ShowCommand implements Callable<Integer> {
    /** Floats of a shortened embedding: enough to eyeball, short enough to read. */
    static final int SHORT_EMBEDDING = 4;

    @Parameters(index = "0", paramLabel = "URI", description = "A Parquet file or folder.")
    String uri;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "Rows to print (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--full", description = "Print embeddings whole.")
    boolean full;

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() {
        SparkSession session = spark.session("clip-batch show");
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
        try {
            return session.read().parquet(uri);
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                throw new UserError("cannot read " + uri + " as Parquet: " + e.getMessage().split("\n")[0]);
            }
            throw e;
        }
    }

    /** Every column, with float arrays cut to their first few values and a note of their length. */
    private static Column[] shortened(Dataset<Row> rows) {
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
            }
            columns.add(column);
        }
        return columns.toArray(new Column[0]);
    }
}
