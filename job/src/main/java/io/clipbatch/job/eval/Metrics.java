package io.clipbatch.job.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.clipbatch.job.datasets.LabelledImages;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * clip_benchmark's zero-shot metrics, as Spark aggregations over the predictions: only counts and
 * per-class rows reach the driver.
 * <ul>
 *   <li>acc1, acc5: the share of images whose label is the top-1 (top-5) prediction; acc5 is
 *       undefined (null) with fewer than 5 classes.</li>
 *   <li>mean per-class recall: the mean, over the classes present among the labels, of each class's
 *       recall (sklearn's {@code balanced_accuracy_score}).</li>
 *   <li>Rows with an error (an image that could not be read or decoded, a sample without an image
 *       or a label) are counted in {@code n_errors} and left out of everything else: the ratios are
 *       over the readable rest, not counted as wrong predictions.</li>
 * </ul>
 * The prediction is the {@code topk} order, in which equal scores keep the lower class index first,
 * so ties break the same way for acc1, acc5 and recall. Ratios are fp32 divisions of exact counts.
 */
public final class Metrics {
    static final String SUPPORT = "support";
    static final String CORRECT = "correct";
    static final String RECALL = "recall";

    /** The headline numbers of one evaluation. */
    public record Headline(long n, long nErrors, Float acc1, Float acc5, Float meanPerClassRecall) {
    }

    /** One class: how many images it has, how many were right, and what it was most often taken for. */
    public record ClassRecall(int index, String name, long support, long correct, Float recall,
                              Integer confusedWith, String confusedWithName, long confusedCount) {
    }

    /** A row with an error: the image or sample it names, and why. */
    public record ErrorRow(String path, String error) {
    }

    /** A (true class, predicted class) pair that was wrong {@code count} times. */
    public record Confusion(int label, String labelName, int predicted, String predictedName, long count) {
    }

    public static final StructType PER_CLASS_SCHEMA = new StructType()
            .add("class_index", DataTypes.IntegerType, false)
            .add("class_name", DataTypes.StringType, true)
            .add(SUPPORT, DataTypes.LongType, false)
            .add(CORRECT, DataTypes.LongType, false)
            .add(RECALL, DataTypes.FloatType, true)
            .add("most_confused_with_index", DataTypes.IntegerType, true)
            .add("most_confused_with", DataTypes.StringType, true)
            .add("most_confused_count", DataTypes.LongType, false);

    private Metrics() {}

    private static Column ok() {
        return col(ScoreSchema.ERROR).isNull();
    }

    private static Column label() {
        return col(LabelledImages.LABEL_INDEX);
    }

    private static Column predicted() {
        return col(ScoreSchema.PRED_INDEX);
    }

    /** fp32 {@code numerator / denominator} (null when the denominator is 0). */
    private static Column ratio(Column numerator, Column denominator) {
        return when(denominator.gt(0), numerator.cast(DataTypes.FloatType).divide(denominator.cast(DataTypes.FloatType))
                .cast(DataTypes.FloatType));
    }

    /** acc1, acc5 and the counts in one pass; mean per-class recall from {@link #perClass}. */
    public static Headline headline(Dataset<Row> predictions, Dataset<Row> perClass, int classCount) {
        Column hit1 = ok().and(predicted().equalTo(label()));
        Column hit5 = ok().and(functions.array_contains(
                functions.slice(col(ScoreSchema.TOPK + ".index"), 1, 5), label()));
        Row counts = predictions.agg(
                functions.sum(when(ok(), 1).otherwise(0)).cast(DataTypes.LongType).as("n"),
                functions.sum(when(ok(), 0).otherwise(1)).cast(DataTypes.LongType).as("n_errors"),
                functions.sum(when(hit1, 1).otherwise(0)).cast(DataTypes.LongType).as("hit1"),
                functions.sum(when(hit5, 1).otherwise(0)).cast(DataTypes.LongType).as("hit5"))
                .select(col("n"), col("n_errors"), ratio(col("hit1"), col("n")), ratio(col("hit5"), col("n")))
                .first();
        Row recall = perClass.filter(col(SUPPORT).gt(0))
                .agg(functions.avg(col(RECALL)).cast(DataTypes.FloatType)).first();
        long n = counts.isNullAt(0) ? 0 : counts.getLong(0);
        long errors = counts.isNullAt(1) ? 0 : counts.getLong(1);
        return new Headline(n, errors, floatOrNull(counts, 2), classCount >= 5 ? floatOrNull(counts, 3) : null,
                floatOrNull(recall, 0));
    }

    /**
     * Every class 0..C-1 (classes without images too, their recall null): support, correct,
     * recall, and the wrong prediction it gets most (ties: the lower class index).
     */
    public static Dataset<Row> perClass(SparkSession spark, Dataset<Row> predictions, List<String> classNames) {
        Dataset<Row> scored = predictions.filter(ok()).select(label(), predicted());
        Dataset<Row> counts = scored.groupBy(label()).agg(
                functions.count(lit(1)).as(SUPPORT),
                functions.sum(when(predicted().equalTo(label()), 1).otherwise(0)).cast(DataTypes.LongType).as(CORRECT));
        // max(struct(count, -index)) picks the largest count and, among equal counts, the lowest index.
        Dataset<Row> confusions = scored.filter(predicted().notEqual(label()))
                .groupBy(label(), predicted()).agg(functions.count(lit(1)).as("wrong"))
                .groupBy(label()).agg(functions.max(functions.struct(col("wrong"),
                        functions.negate(predicted()).as("negated"))).as("top"))
                .select(label(), functions.negate(col("top.negated")).as("most_confused_with_index"),
                        col("top.wrong").as("most_confused_count"));
        Column names = nameArray(classNames);
        return classes(spark, classNames.size())
                .join(counts, LabelledImages.LABEL_INDEX, "left")
                .join(confusions, LabelledImages.LABEL_INDEX, "left")
                .select(label().as("class_index"),
                        functions.element_at(names, label().plus(1)).as("class_name"),
                        functions.coalesce(col(SUPPORT), lit(0L)).as(SUPPORT),
                        functions.coalesce(col(CORRECT), lit(0L)).as(CORRECT),
                        ratio(col(CORRECT), col(SUPPORT)).as(RECALL),
                        col("most_confused_with_index"),
                        functions.element_at(names, col("most_confused_with_index").plus(1)).as("most_confused_with"),
                        functions.coalesce(col("most_confused_count"), lit(0L)).as("most_confused_count"))
                .orderBy("class_index");
    }

    /** The {@code limit} most frequent wrong (label, prediction) pairs, most frequent first. */
    public static List<Confusion> worstConfusions(Dataset<Row> predictions, List<String> classNames, int limit) {
        List<Confusion> out = new ArrayList<>();
        for (Row row : predictions.filter(ok().and(predicted().notEqual(label())))
                .groupBy(label(), predicted()).agg(functions.count(lit(1)).as("wrong"))
                .orderBy(col("wrong").desc(), label().asc(), predicted().asc())
                .limit(limit).collectAsList()) {
            int truth = row.getInt(0);
            int guess = row.getInt(1);
            out.add(new Confusion(truth, nameOf(classNames, truth), guess, nameOf(classNames, guess), row.getLong(2)));
        }
        return out;
    }

    /** The first {@code limit} rows with an error, by path, for the reports to name. */
    public static List<ErrorRow> errors(Dataset<Row> predictions, int limit) {
        List<ErrorRow> out = new ArrayList<>();
        for (Row row : predictions.filter(col(ScoreSchema.ERROR).isNotNull())
                .select(col(LabelledImages.PATH), col(ScoreSchema.ERROR))
                .orderBy(LabelledImages.PATH).limit(limit).collectAsList()) {
            out.add(new ErrorRow(row.getString(0), row.getString(1)));
        }
        return out;
    }

    /** The per-class rows on the driver (one per class: metrics, not data). */
    public static List<ClassRecall> collect(Dataset<Row> perClass) {
        List<ClassRecall> out = new ArrayList<>();
        for (Row r : perClass.collectAsList()) {
            out.add(new ClassRecall(r.getInt(0), r.getString(1), r.getLong(2), r.getLong(3),
                    r.isNullAt(4) ? null : r.getFloat(4), r.isNullAt(5) ? null : r.getInt(5), r.getString(6),
                    r.getLong(7)));
        }
        return out;
    }

    /** The smallest and largest label among the predictions, to check them against the class names. */
    public static int[] labelRange(Dataset<Row> predictions) {
        Row range = predictions.agg(functions.min(label()), functions.max(label())).first();
        return range.isNullAt(0) ? null : new int[] {range.getInt(0), range.getInt(1)};
    }

    private static Dataset<Row> classes(SparkSession spark, int count) {
        List<Row> rows = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            rows.add(RowFactory.create(c));
        }
        return spark.createDataFrame(rows, new StructType().add(LabelledImages.LABEL_INDEX, DataTypes.IntegerType, false));
    }

    static Column nameArray(List<String> classNames) {
        return functions.array(classNames.stream().map(functions::lit).toArray(Column[]::new));
    }

    private static String nameOf(List<String> classNames, int index) {
        return index >= 0 && index < classNames.size() ? classNames.get(index) : null;
    }

    private static Float floatOrNull(Row row, int i) {
        return row.isNullAt(i) ? null : row.getFloat(i);
    }
}
