package io.clipbatch.job.lake.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.lake.LakeCommit;
import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.udfs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What score's runs do not reach: a MERGE that only deletes, an overwrite, and the names --output may
 * not be. The sink on a Hadoop catalog in a local folder, given staged Parquet files as score stages them.
 */
class IcebergSinkTest {
    private static final StructType STAGED = new StructType()
            .add("path", DataTypes.StringType)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType))
            .add("error", DataTypes.StringType)
            .add("content_fingerprint", DataTypes.StringType);
    private static final LakeCommit COMMIT = new LakeCommit(
            "{\"clip_batch.onnx.visual.sha256\":\"abc\",\"clip_batch.preprocess\":\"224 bicubic\"}",
            Map.of("clip_batch.onnx.visual.sha256", "abc", "clip_batch.preprocess", "224 bicubic"));

    @TempDir
    static Path work;
    static SparkSession spark;

    @BeforeAll
    static void catalog() {
        spark = SparkTestSession.get();
        spark.conf().set("spark.sql.catalog.icetest", "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog.icetest.type", "hadoop");
        spark.conf().set("spark.sql.catalog.icetest.warehouse", work.resolve("warehouse").toUri().toString());
    }

    @Test
    void aMergeWithNothingStagedOnlyDeletes() throws Exception {
        LakeSink sink = open("icetest.clip.deleted");
        sink.append(stage(sink, "first", row("keep.jpg", 1f, "1:1"), row("gone.jpg", 3f, "1:1")), COMMIT);
        Dataset<Row> deleteKeys = spark.createDataFrame(List.of(RowFactory.create("gone.jpg")),
                new StructType().add("path", DataTypes.StringType));

        sink.merge(List.of(), "path", deleteKeys, COMMIT);

        assertEquals(Map.of("keep.jpg", 1f), firstFloats(sink.read(List.of("path", "embedding"))));
    }

    @Test
    void overwriteReplacesTheRowsInOneSnapshotAndKeepsHistory() throws Exception {
        LakeSink sink = open("icetest.clip.replaced");
        sink.append(stage(sink, "first", row("old.jpg", 1f, "1:1")), COMMIT);
        sink.overwrite(stage(sink, "second", row("new.jpg", 2f, "1:1")), COMMIT);

        assertEquals(Map.of("new.jpg", 2f), firstFloats(sink.read(List.of("path", "embedding"))));
        Table table = iceberg("icetest.clip.replaced");
        assertEquals(2, table.history().size());
    }

    @Test
    void aPathOrAnUnsetCatalogIsRefusedInOneSentence() {
        IcebergFormat format = new IcebergFormat();
        format.checkAvailable(spark);
        UserError path = assertThrows(UserError.class, () -> format.open(spark, "/data/embeddings"));
        assertTrue(path.getMessage().startsWith("--sink iceberg writes a catalog table, --output CATALOG.DB.TABLE"),
                path.getMessage());
        UserError unset = assertThrows(UserError.class, () -> format.open(spark, "nowhere.clip.t"));
        assertTrue(unset.getMessage().endsWith("no catalog 'nowhere' is set for --output nowhere.clip.t"),
                unset.getMessage());
    }

    private static LakeSink open(String name) {
        return new IcebergFormat().open(spark, name);
    }

    private static Row row(String path, float first, String fingerprint) {
        return RowFactory.create(path, List.of(first, 0.5f), null, fingerprint);
    }

    /** Rows written as staged Parquet under the sink's staging root, as score stages its chunks. */
    private static List<String> stage(LakeSink sink, String name, Row... rows) throws Exception {
        String folder = sink.stagingRoot() + "/" + name;
        spark.createDataFrame(List.of(rows), STAGED).coalesce(1).write().parquet(folder);
        try (Stream<Path> files = Files.list(Path.of(java.net.URI.create(folder)))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .map(p -> p.toUri().toString()).toList();
        }
    }

    private static Map<String, Float> firstFloats(Dataset<Row> rows) {
        Map<String, Float> floats = new TreeMap<>();
        for (Row row : rows.collectAsList()) {
            floats.put(row.getString(0), row.<Float>getList(1).get(0));
        }
        return floats;
    }

    private static Table iceberg(String name) throws Exception {
        return Spark3Util.loadIcebergTable(spark, name);
    }
}
