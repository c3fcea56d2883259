package io.clipbatch.udfs.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns the score job adds to every input row, and how they sit after the pass-through ones. */
public final class ScoreSchema {
    public static final String PATH = "path";
    public static final String EMBEDDING = "embedding";
    public static final String ERROR = "error";
    public static final String PRED_LABEL = "pred_label";
    public static final String PRED_INDEX = "pred_index";
    public static final String TOPK = "topk";

    /** Columns the job writes; an input that already has one of them would be silently shadowed. */
    public static final List<String> ADDED = List.of(EMBEDDING, ERROR, PRED_LABEL, PRED_INDEX, TOPK);

    public static final StructType TOPK_ENTRY = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("index", DataTypes.IntegerType, false),
        DataTypes.createStructField("score", DataTypes.FloatType, false)});

    private ScoreSchema() {}

    /**
     * The output schema: the input's columns unchanged, {@code path} when the input calls its path
     * column something else (none when the rows carry only bytes: {@code pathColumn} null), then the embedding, the error and, with zero-shot, the predictions.
     * With {@code float16Embedding} the embedding is binary, little-endian half floats.
     */
    public static StructType output(StructType input, String pathColumn, boolean zeroShot, boolean float16Embedding) {
        List<StructField> fields = new ArrayList<>(Arrays.asList(input.fields()));
        if (addsPath(pathColumn)) {
            fields.add(DataTypes.createStructField(PATH, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(EMBEDDING, float16Embedding ? DataTypes.BinaryType
                : DataTypes.createArrayType(DataTypes.FloatType, false), true));
        fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
        if (zeroShot) {
            fields.add(DataTypes.createStructField(PRED_LABEL, DataTypes.StringType, true));
            fields.add(DataTypes.createStructField(PRED_INDEX, DataTypes.IntegerType, true));
            fields.add(DataTypes.createStructField(TOPK, DataTypes.createArrayType(TOPK_ENTRY, false), true));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** Whether the output repeats the path under the name {@code path}: when the input calls it otherwise. */
    static boolean addsPath(String pathColumn) {
        return pathColumn != null && !pathColumn.equals(PATH);
    }

    /** Why this input can't be scored as it is, or null when it can. */
    public static String problemWith(StructType input, String pathColumn) {
        List<String> names = Arrays.asList(input.fieldNames());
        if (!names.contains(pathColumn)) {
            return "the input has no path column '" + pathColumn + "' (columns: " + String.join(", ", names)
                    + "); name the column that holds them";
        }
        if (!input.apply(pathColumn).dataType().equals(DataTypes.StringType)) {
            return "the path column '" + pathColumn + "' is " + input.apply(pathColumn).dataType().simpleString()
                    + ", not a string";
        }
        if (!pathColumn.equals(PATH) && names.contains(PATH)) {
            return "the input has a column 'path' that is not its path column '" + pathColumn
                    + "'; rename it or use it as the path column";
        }
        for (String added : ADDED) {
            if (names.contains(added)) {
                return "the input already has a column '" + added + "', which the job writes; rename or drop it";
            }
        }
        return null;
    }
}
