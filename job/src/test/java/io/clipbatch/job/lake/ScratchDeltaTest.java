package io.clipbatch.job.lake;

import io.clipbatch.job.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDeltaTest {
    @TempDir
    Path dir;

    void attempt(String name, String props) {
        SparkSession spark = SparkTestSession.get();
        String t = dir.resolve(name).toString();
        spark.sql("CREATE TABLE delta.`" + t + "` (path STRING, v STRING) USING delta TBLPROPERTIES (" + props + ")");
        spark.sql("INSERT INTO delta.`" + t + "` VALUES ('a','1'),('b','1'),('c','1')");
        Dataset<Row> src = spark.sql("SELECT 'a' AS path, '2' AS v UNION ALL SELECT 'd', '2'");
        try {
            DeltaTable.forPath(spark, t).as("t").merge(src.as("s"), "t.path = s.path")
                    .whenMatched().updateAll().whenNotMatched().insertAll().execute();
            System.out.println("RESULT " + name + ": ok " + spark.read().format("delta").load(t).orderBy("path").collectAsList());
        } catch (Exception e) {
            System.out.println("RESULT " + name + ": " + e.getClass().getSimpleName() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    void renamed(String name, String props) {
        SparkSession spark = SparkTestSession.get();
        String t = dir.resolve(name).toString();
        spark.sql("CREATE TABLE delta.`" + t + "` (path STRING, v STRING) USING delta TBLPROPERTIES (" + props + ")");
        spark.sql("INSERT INTO delta.`" + t + "` VALUES ('a','1'),('b','1'),('c','1')");
        Dataset<Row> src = spark.sql("SELECT 'a' AS k, '2' AS v UNION ALL SELECT 'd', '2'");
        try {
            DeltaTable.forPath(spark, t).as("t").merge(src.as("s"), "t.path = s.k")
                    .whenMatched().updateExpr(java.util.Map.of("path", "s.k", "v", "s.v")).whenNotMatched().insertExpr(java.util.Map.of("path", "s.k", "v", "s.v")).execute();
            System.out.println("RESULT " + name + ": ok " + spark.read().format("delta").load(t).orderBy("path").collectAsList()
              + " " + spark.sql("DESCRIBE HISTORY delta.`" + t + "`").select("operationMetrics").first());
        } catch (Exception e) {
            System.out.println("RESULT " + name + ": " + e.getClass().getSimpleName() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Test
    void scratch() {
        renamed("renamed", "'delta.enableDeletionVectors'='true'");
        renamed("renamedcm", "'delta.enableDeletionVectors'='true', 'delta.columnMapping.mode'='name', 'delta.minReaderVersion'='3', 'delta.minWriterVersion'='7'");
        SparkTestSession.get().conf().set("spark.databricks.delta.merge.deletionVectors.persistent", "false");
        attempt("nopersist", "'delta.enableDeletionVectors'='true'");
        SparkTestSession.get().conf().unset("spark.databricks.delta.merge.deletionVectors.persistent");
    }
}
