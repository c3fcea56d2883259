package io.clipbatch.job.pictures;

import io.clipbatch.udfs.UserError;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The columns a page needs, checked on the driver before any job runs. */
final class ResultColumns {
    private ResultColumns() {
    }

    /** The column named {@code name}, taken literally (a dot in a name is no struct field access). */
    static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    static void require(Dataset<Row> rows, String page, String... columns) {
        List<String> present = Arrays.asList(rows.columns());
        for (String column : columns) {
            if (!present.contains(column)) {
                throw new UserError("the " + page + " needs a column " + column + ", but the results have only "
                        + String.join(", ", present));
            }
        }
    }
}
