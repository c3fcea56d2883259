package io.clipbatch.job.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.clipbatch.job.ClipBatchVersion;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.job.pictures.DuplicatePage;
import io.clipbatch.job.vectors.ModelCheck;
import io.clipbatch.job.vectors.StoredEmbeddings;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.vectors.BlockCosines;
import io.clipbatch.udfs.vectors.Candidates;
import io.clipbatch.udfs.vectors.Components;
import io.clipbatch.udfs.vectors.DedupSettings;
import io.clipbatch.udfs.vectors.Grouped;
import io.clipbatch.udfs.vectors.IdVector;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.vectors.PartitionForest;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code clip-batch dedup}: groups of near-duplicate embeddings and one representative each. Ids are the
 * rows' ranks by key, so the smallest id of a group is its first key and the groups come out the same
 * on every run over the same input.
 */
public final class DedupJob {
    /** The output's columns, in order. */
    public static final List<String> COLUMNS = List.of("key", "group_id", "representative", "max_similarity", "duplicate_of");

    /** What to read and how to group it. */
    /**
     * @param where  a SQL predicate over the stored columns, or null for all rows
     * @param html   the page of the largest groups, or null for none
     */
    public record Request(String embeddings, String keyColumn, String where, KeepRule keep, String sizeColumn,
                         DedupSettings settings, Path html) {
    }

    /** Groups shown on the {@code --html} page. */
    static final int PAGE_GROUPS = 30;

    private DedupJob() {}

    /** Checks the input (a mistake is one sentence), then finds the groups and writes them. */
    public static DedupSummary run(SparkSession spark, Request request, OutputTarget target) {
        StoredEmbeddings stored = storedEmbeddings(spark, request);
        Dataset<Row> keyed = stored.rows().select(col(stored.keyColumn()).cast(DataTypes.StringType).as("key"),
                        sizeOf(request).as("size"), col(stored.embeddingColumn()))
                .orderBy(col("key"));
        JavaRDD<IndexedRow> indexed = keyed.javaRDD().zipWithIndex().map(row -> IndexedRow.of(row._1(), row._2()))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        JavaRDD<IdVector> vectors = indexed.map(t -> new IdVector(t.id(), t.vector())).cache();
        Candidates candidates = Candidates.of(spark, vectors, request.settings());
        JavaRDD<PartitionForest> forests = candidates.forests().cache();
        JavaRDD<Grouped> grouped = Components.of(forests, request.settings().components());
        Dataset<Row> groups = spark.createDataFrame(grouped.map(g -> RowFactory.create(g.id(), g.group(), g.maxSimilarity())),
                new StructType().add("id", DataTypes.LongType).add("group_id", DataTypes.LongType)
                        .add("max_similarity", DataTypes.FloatType));
        Dataset<Row> keys = spark.createDataFrame(indexed.map(t -> RowFactory.create(t.id(), t.key(), t.size())),
                new StructType().add("id", DataTypes.LongType).add("key", DataTypes.StringType).add("size", DataTypes.DoubleType));
        Dataset<Row> result = withRepresentatives(groups.join(keys, "id"), request.keep()).cache();
        Row counts = result.agg(functions.count(lit(1)), functions.count(when(col("duplicate_of").isNull(), lit(1)))).first();
        long members = counts.getLong(0);
        long groupCount = counts.getLong(1);
        target.write(result.orderBy("group_id", "key").select(COLUMNS.stream().map(functions::col).toArray(Column[]::new)),
                new Provenance().put("clip_batch.version", ClipBatchVersion.current())
                        .put("clip_batch.dedup.threshold", Double.toString(request.settings().threshold()))
                        .put("clip_batch.dedup.keep", request.keep().flag())
                        .put("clip_batch.dedup.embeddings", request.embeddings()));
        if (request.html() != null) {
            writePage(result, stored, request.html());
        }
        DedupSummary summary = new DedupSummary(candidates.stats(), groupCount, members, request.settings().threshold(),
                BlockCosines.blasName());
        result.unpersist();
        forests.unpersist();
        vectors.unpersist();
        indexed.unpersist();
        return summary;
    }

    /**
     * The largest groups, side by side: the images are the key's, or the stored path column's when the
     * key is another column.
     */
    private static void writePage(Dataset<Row> result, StoredEmbeddings stored, Path html) {
        boolean keyIsImage = stored.keyColumn().equals(ScoreSchema.PATH)
                || !stored.passThroughColumns().contains(ScoreSchema.PATH);
        if (keyIsImage) {
            DuplicatePage.write(result, "key", PAGE_GROUPS, html);
            return;
        }
        Dataset<Row> images = stored.rows().select(col(stored.keyColumn()).cast(DataTypes.StringType).as("key"),
                col(ScoreSchema.PATH));
        DuplicatePage.write(result.join(images, "key"), ScoreSchema.PATH, PAGE_GROUPS, html);
    }

    /** The representative of each group (first by key, or largest by size then first by key) and each row's link to it. */
    static Dataset<Row> withRepresentatives(Dataset<Row> members, KeepRule keep) {
        Column order = keep == KeepRule.LARGEST ? col("size").desc_nulls_last() : lit(0);
        Dataset<Row> ranked = members.withColumn("rank",
                functions.row_number().over(Window.partitionBy("group_id").orderBy(order, col("id"))));
        Dataset<Row> representatives = ranked.filter(col("rank").equalTo(1))
                .select(col("group_id"), col("key").as("representative"));
        return ranked.join(representatives, "group_id")
                .withColumn("duplicate_of", when(col("rank").equalTo(1), lit(null).cast(DataTypes.StringType))
                        .otherwise(col("representative")));
    }

    private static Column sizeOf(Request request) {
        return request.keep() == KeepRule.LARGEST ? col(request.sizeColumn()).cast(DataTypes.DoubleType)
                : lit(null).cast(DataTypes.DoubleType);
    }

    /**
     * The stored embeddings (see {@link StoredEmbeddings}), refused in one sentence when more than one
     * model wrote them, their widths differ, or {@code --keep largest} has no numeric size column.
     */
    private static StoredEmbeddings storedEmbeddings(SparkSession spark, Request request) {
        StoredEmbeddings stored = StoredEmbeddings.open(spark,
                new StoredEmbeddings.Source(request.embeddings(), request.keyColumn(), request.where()));
        Dataset<Row> rows = stored.rows();
        if (request.keep() == KeepRule.LARGEST && (request.sizeColumn() == null
                || !stored.passThroughColumns().contains(request.sizeColumn())
                || !(rows.schema().apply(request.sizeColumn()).dataType() instanceof NumericType))) {
            throw new UserError("--keep largest needs --size-column naming a numeric column of " + request.embeddings());
        }
        ModelCheck.requireOneModel(stored, stored.visualSha256s(), null);
        Column embedding = col(stored.embeddingColumn());
        Column width = stored.encoding() == StoredEmbeddings.Encoding.FLOAT16_BINARY
                ? functions.length(embedding).divide(2) : functions.size(embedding);
        Row widths = rows.agg(functions.min(width), functions.max(width)).first();
        if (!widths.isNullAt(0) && ((Number) widths.get(0)).longValue() != ((Number) widths.get(1)).longValue()) {
            throw new UserError("--embeddings " + request.embeddings() + " mixes embedding widths ("
                    + ((Number) widths.get(0)).longValue() + " and " + ((Number) widths.get(1)).longValue()
                    + "): dedup compares embeddings of one model");
        }
        return stored;
    }

    /** A row with its id: key, size and unit vector. */
    record IndexedRow(long id, String key, Double size, float[] vector) implements java.io.Serializable {
        static IndexedRow of(Row row, long id) {
            return new IndexedRow(id, row.getString(0), row.isNullAt(1) ? null : row.getDouble(1),
                    UnitVectors.of(row.get(2)));
        }
    }
}
