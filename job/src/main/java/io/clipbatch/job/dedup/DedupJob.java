package io.clipbatch.job.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.job.ClipBatchVersion;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.vectors.BlockCosines;
import io.clipbatch.udfs.vectors.Candidates;
import io.clipbatch.udfs.vectors.Components;
import io.clipbatch.udfs.vectors.DedupSettings;
import io.clipbatch.udfs.vectors.Grouped;
import io.clipbatch.udfs.vectors.IdVector;
import io.clipbatch.udfs.vectors.PartitionForest;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
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
    static final String EMBEDDING = "embedding";

    /** What to read and how to group it. */
    public record Request(String embeddings, String keyColumn, KeepRule keep, String sizeColumn, DedupSettings settings) {
    }

    private DedupJob() {}

    /** Checks the input (a mistake is one sentence), then finds the groups and writes them. */
    public static DedupSummary run(SparkSession spark, Request request, OutputTarget target) {
        Dataset<Row> rows = storedEmbeddings(spark, request);
        Dataset<Row> keyed = rows.select(col(request.keyColumn()).cast(DataTypes.StringType).as("key"),
                        sizeOf(request).as("size"), col(EMBEDDING))
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
        DedupSummary summary = new DedupSummary(candidates.stats(), groupCount, members, request.settings().threshold(),
                BlockCosines.blasName());
        result.unpersist();
        forests.unpersist();
        vectors.unpersist();
        indexed.unpersist();
        return summary;
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

    // ---- To be replaced by the shared stored-embeddings reader at merge ---------------------------------
    /**
     * The embeddings of a clip-batch Parquet output: rows with an error or without an embedding are
     * skipped; float32 arrays and float16 binaries both accepted; one width for all, checked here.
     * PLACEHOLDER: the search command's shared reader (key column, dtypes, provenance) replaces this method.
     */
    private static Dataset<Row> storedEmbeddings(SparkSession spark, Request request) {
        Dataset<Row> all;
        try {
            all = spark.read().parquet(request.embeddings());
        } catch (Exception e) {
            throw new UserError("--embeddings " + request.embeddings() + " is not a Parquet output: " + oneLine(e));
        }
        List<String> names = Arrays.asList(all.columns());
        if (!names.contains(EMBEDDING)) {
            throw new UserError("--embeddings " + request.embeddings() + " has no embedding column (columns: "
                    + String.join(", ", names) + ")");
        }
        if (!names.contains(request.keyColumn())) {
            throw new UserError("--key-column " + request.keyColumn() + " is not a column of " + request.embeddings()
                    + " (columns: " + String.join(", ", names) + ")");
        }
        if (request.keep() == KeepRule.LARGEST && (request.sizeColumn() == null || !names.contains(request.sizeColumn())
                || !(all.schema().apply(request.sizeColumn()).dataType() instanceof NumericType))) {
            throw new UserError("--keep largest needs --size-column naming a numeric column of " + request.embeddings());
        }
        Dataset<Row> kept = all.filter(col(EMBEDDING).isNotNull().and(col(request.keyColumn()).isNotNull()));
        if (names.contains("error")) {
            kept = kept.filter(col("error").isNull());
        }
        boolean half = all.schema().apply(EMBEDDING).dataType() instanceof BinaryType;
        Column width = half ? functions.length(col(EMBEDDING)).divide(2) : functions.size(col(EMBEDDING));
        Row widths = kept.agg(functions.min(width), functions.max(width)).first();
        if (!widths.isNullAt(0) && ((Number) widths.get(0)).longValue() != ((Number) widths.get(1)).longValue()) {
            throw new UserError("--embeddings " + request.embeddings() + " mixes embedding widths ("
                    + ((Number) widths.get(0)).longValue() + " and " + ((Number) widths.get(1)).longValue()
                    + "): dedup compares embeddings of one model");
        }
        return kept;
    }

    /** A float16 binary or a float array, as a unit float vector. */
    static float[] unitVector(Object value) {
        if (value instanceof byte[] bytes) {
            return Vectors.normalize(Vectors.fromFloat16Bytes(bytes));
        }
        scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
        float[] out = new float[seq.length()];
        scala.collection.Iterator<?> numbers = seq.iterator();
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) numbers.next()).floatValue();
        }
        return Vectors.normalize(out);
    }
    // ---- end of the part the shared reader replaces ------------------------------------------------------

    private static String oneLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A row with its id: key, size and unit vector. */
    record IndexedRow(long id, String key, Double size, float[] vector) implements java.io.Serializable {
        static IndexedRow of(Row row, long id) {
            return new IndexedRow(id, row.getString(0), row.isNullAt(1) ? null : row.getDouble(1), unitVector(row.get(2)));
        }
    }
}
