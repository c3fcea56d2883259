package io.clipbatch.job.lake.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.lake.LakeCommit;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delta-io/delta#5296: on the Delta 3.3 line a MERGE that writes deletion vectors fails with
 * {@code [AMBIGUOUS_REFERENCE] filePath} when the table has a column named {@code path}, our default key.
 */
class DeltaPathKeyMergeTest {
    private static final StructType SCHEMA = new StructType().add("path", DataTypes.StringType)
            .add("v", DataTypes.StringType);

    @TempDir
    Path dir;

    @Test
    void aTableKeyedByPathMergesWithDeletionVectorsOn() {
        SparkSession spark = SparkTestSession.get();
        String table = dir.resolve("t").toString();
        DeltaSink sink = new DeltaSink(spark, table);
        LakeCommit commit = new LakeCommit("{\"clip_batch.test\":\"1\"}", Map.of("clip_batch.test", "1"));
        sink.append(stage(spark, "first", List.of(RowFactory.create("a", "1"), RowFactory.create("b", "1"),
                RowFactory.create("c", "1"))), commit);
        assertEquals("true", spark.sql("SHOW TBLPROPERTIES delta.`" + table + "`").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1))).get("delta.enableDeletionVectors"));

        Dataset<Row> update = spark.createDataFrame(List.of(RowFactory.create("a", "2")), SCHEMA);
        String failure = null;
        try {
            DeltaTable.forPath(spark, table).as("t").merge(update.as("s"), "t.path = s.path")
                    .whenMatched().updateAll().whenNotMatched().insertAll().execute();
        } catch (Exception e) { // AnalysisException is checked, though Scala throws it undeclared
            failure = e.getMessage();
        }
        boolean bugPresent = failure != null && failure.contains("AMBIGUOUS_REFERENCE");
        assertEquals(spark.version().startsWith("3."), bugPresent,
                "the workaround is applied on the Delta line that has the bug, and only there: " + failure);

        List<String> staged = stage(spark, "second", List.of(RowFactory.create("a", "3"), RowFactory.create("d", "3")));
        Dataset<Row> deletions = spark.createDataFrame(List.of(RowFactory.create("b")),
                new StructType().add("path", DataTypes.StringType));
        sink.merge(staged, "path", deletions, commit);
        assertEquals(List.of("a=3", "c=1", "d=3"), spark.read().format("delta").load(table).orderBy("path")
                .collectAsList().stream().map(r -> r.getString(0) + "=" + r.getString(1)).toList());
        assertTrue(spark.sql("DESCRIBE HISTORY delta.`" + table + "`").first().<String>getAs("userMetadata")
                .contains("clip_batch.test"), "the MERGE commit carries the provenance");
    }

    private List<String> stage(SparkSession spark, String name, List<Row> rows) {
        String folder = dir.resolve("staged-" + name).toString();
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(folder);
        return List.of(folder);
    }
}
