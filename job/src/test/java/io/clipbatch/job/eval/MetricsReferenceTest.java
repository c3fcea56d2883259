package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.core.zeroshot.Prediction;
import io.clipbatch.core.zeroshot.Ranking;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics against an independent numpy computation (tools/eval/make_metrics_reference.py):
 * uneven classes, classes absent from the labels, exact ties at the top and at rank 5, errors.
 */
class MetricsReferenceTest {
    static final Path REFERENCE = Path.of("src/test/resources/eval/metrics-reference");
    static final StructType PREDICTIONS = new StructType()
            .add("label_index", DataTypes.IntegerType, false)
            .add(ScoreSchema.ERROR, DataTypes.StringType, true)
            .add(ScoreSchema.PRED_INDEX, DataTypes.IntegerType, true)
            .add(ScoreSchema.TOPK, DataTypes.createArrayType(ScoreSchema.TOPK_ENTRY, false), true);

    static SparkSession spark;
    static JsonNode expected;
    static List<String> classNames;
    static Dataset<Row> predictions;

    @BeforeAll
    static void load() throws IOException {
        spark = SparkTestSession.get();
        expected = new ObjectMapper().readTree(REFERENCE.resolve("expected.json").toFile());
        classNames = new ArrayList<>();
        for (int c = 0; c < expected.get("classes").asInt(); c++) {
            classNames.add("class " + c);
        }
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(REFERENCE.resolve("predictions.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            int label = Integer.parseInt(cells[1]);
            if (!cells[2].isEmpty()) {
                rows.add(RowFactory.create(label, cells[2], null, null));
                continue;
            }
            float[] probabilities = new float[classNames.size()];
            for (int c = 0; c < probabilities.length; c++) {
                probabilities[c] = Float.parseFloat(cells[3 + c]);
            }
            List<Prediction> top = Ranking.topK(probabilities, classNames, 5);
            rows.add(RowFactory.create(label, null, top.get(0).index(),
                    top.stream().map(p -> RowFactory.create(p.label(), p.index(), p.score())).toArray(Row[]::new)));
        }
        predictions = spark.createDataFrame(rows, PREDICTIONS).repartition(3);
    }

    @Test
    void headlineEqualsNumpy() {
        Dataset<Row> perClass = Metrics.perClass(spark, predictions, classNames);
        Metrics.Headline headline = Metrics.headline(predictions, perClass, classNames.size());
        assertEquals(expected.get("n").asLong(), headline.n());
        assertEquals(expected.get("n_errors").asLong(), headline.nErrors());
        assertEquals(Float.parseFloat(expected.get("acc1").asText()), headline.acc1());
        assertEquals(Float.parseFloat(expected.get("acc5").asText()), headline.acc5());
        assertEquals(Float.parseFloat(expected.get("mean_per_class_recall").asText()), headline.meanPerClassRecall());
    }

    @Test
    void perClassEqualsNumpy() {
        List<Metrics.ClassRecall> perClass = Metrics.collect(Metrics.perClass(spark, predictions, classNames));
        assertEquals(classNames.size(), perClass.size());
        for (JsonNode want : expected.get("per_class")) {
            Metrics.ClassRecall got = perClass.get(want.get("class_index").asInt());
            String where = "class " + got.index();
            assertEquals(want.get("support").asLong(), got.support(), where);
            assertEquals(want.get("correct").asLong(), got.correct(), where);
            if (want.get("recall").isNull()) {
                assertNull(got.recall(), where + " is absent from the labels: no recall");
            } else {
                assertEquals(Float.parseFloat(want.get("recall").asText()), got.recall(), where);
            }
            if (want.get("most_confused_with_index").isNull()) {
                assertNull(got.confusedWith(), where);
            } else {
                assertEquals(want.get("most_confused_with_index").asInt(), got.confusedWith(), where);
                assertEquals("class " + got.confusedWith(), got.confusedWithName(), where);
            }
            assertEquals(want.get("most_confused_count").asLong(), got.confusedCount(), where);
        }
    }

    @Test
    void acc5IsUndefinedBelowFiveClassesAndTiesGoToTheLowerIndex() {
        List<String> three = List.of("a", "b", "c");
        float[] tied = {0.4f, 0.4f, 0.2f};
        List<Prediction> top = Ranking.topK(tied, three, 5);
        assertEquals(List.of(0, 1, 2), top.stream().map(Prediction::index).toList());
        List<Row> rows = List.of(
                RowFactory.create(1, null, 0, topRows(top)),   // label b, tie with a: a wins, so wrong
                RowFactory.create(0, null, 0, topRows(top)),   // label a: right
                RowFactory.create(2, "decode: truncated JPEG", null, null));
        Dataset<Row> small = spark.createDataFrame(rows, PREDICTIONS);
        Dataset<Row> perClass = Metrics.perClass(spark, small, three);
        Metrics.Headline headline = Metrics.headline(small, perClass, three.size());
        assertEquals(2, headline.n());
        assertEquals(1, headline.nErrors());
        assertEquals(0.5f, headline.acc1());
        assertNull(headline.acc5(), "acc5 is undefined with fewer than 5 classes");
        assertEquals(0.5f, headline.meanPerClassRecall(), "mean over a and b; c has only an error, so it is absent");
    }

    private static Row[] topRows(List<Prediction> top) {
        return top.stream().map(p -> RowFactory.create(p.label(), p.index(), p.score())).toArray(Row[]::new);
    }
}
