package io.clipbatch.udfs.ml;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A transformer's column params checked against its input schema, each problem one sentence that
 * names the param and the column.
 */
final class ColumnChecks {
    private final String stage;
    private final StructType input;

    ColumnChecks(String stage, StructType input) {
        this.stage = stage;
        this.input = input;
    }

    /** The type of the input column {@code param} names, which must exist and be one of {@code allowed}. */
    DataType require(String param, String column, String allowedInWords, DataType... allowed) {
        List<String> names = Arrays.asList(input.fieldNames());
        if (!names.contains(column)) {
            throw problem(param + " '" + column + "' is not a column of the input (its columns: "
                    + String.join(", ", names) + ")");
        }
        DataType type = input.apply(column).dataType();
        if (!Arrays.asList(allowed).contains(type)) {
            throw problem(param + " '" + column + "' is " + type.simpleString() + ", not " + allowedInWords);
        }
        return type;
    }

    /**
     * Refuses output columns that the input already has, or that two params share: either would
     * leave two columns of one name. {@code outputs} maps each output param to its column.
     */
    void refuseTaken(Map<String, String> outputs) {
        Map<String, String> paramOf = new HashMap<>();
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            String param = output.getKey();
            String column = output.getValue();
            if (Arrays.asList(input.fieldNames()).contains(column)) {
                throw problem(param + " '" + column + "' is already a column of the input; set " + param
                        + " to another name or drop that column");
            }
            String other = paramOf.putIfAbsent(column, param);
            if (other != null) {
                throw problem(other + " and " + param + " are both '" + column + "'; give them different names");
            }
        }
    }

    IllegalArgumentException problem(String sentence) {
        return new IllegalArgumentException(stage + ": " + sentence);
    }
}
