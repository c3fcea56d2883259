package io.clipbatch.job.vectors;

import io.clipbatch.job.datasets.ParquetDatasets;
import io.clipbatch.job.lake.LakeColumns;
import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.job.lake.LakeTables;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Embeddings that clip-batch stored, opened for use: a {@code score} output (Parquet), or a lake table
 * that {@code score --sink delta|iceberg} keeps (its current snapshot, read through its format), with
 * its rows (those with an error or without an embedding or key left out, {@code --where} applied),
 * the key column, the pass-through columns, unit vectors, and the provenance its footer or table
 * properties carry.
 * <p>
 * {@link #rows()} has the key column first, then the pass-through columns, then the embedding last.
 */
public final class StoredEmbeddings {
    /** The column {@code score} writes the embedding to. */
    public static final String EMBEDDING = ScoreSchema.EMBEDDING;
    /** The column {@code score} writes a failed image's reason to; rows with one are left out. */
    public static final String ERROR = ScoreSchema.ERROR;
    /** The key when none is named: the image's location. */
    public static final String DEFAULT_KEY = ScoreSchema.PATH;
    /** The flag that names stored embeddings in every command that reads them, for messages. */
    private static final String FLAG = "--embeddings";
    /** Enough image towers to say that a table mixes several; a message lists these. */
    private static final int MODELS_LISTED = 3;

    /** How the embedding column stores its vectors. */
    public enum Encoding {
        FLOAT_ARRAY, DOUBLE_ARRAY, FLOAT16_BINARY
    }

    /** What to open, as the command line gave it. */
    public record Source(String uri, String keyColumn, String where) {
        public Source {
            keyColumn = keyColumn == null ? DEFAULT_KEY : keyColumn;
        }

        public static Source of(String uri) {
            return new Source(uri, null, null);
        }
    }

    /**
     * A table as its format opened it: every row, the {@code clip_batch.*} provenance entries, and
     * whether each row names the image tower that wrote it (a lake table's {@code model_sha256}).
     */
    private record Opened(Dataset<Row> table, Map<String, String> provenance, boolean rowsNameTheirModel) {}

    private final String uri;
    private final Dataset<Row> rows;
    private final String keyColumn;
    private final List<String> passThrough;
    private final Encoding encoding;
    private final Map<String, String> provenance;
    private final boolean rowsNameTheirModel;

    private StoredEmbeddings(String uri, Dataset<Row> rows, String keyColumn, List<String> passThrough,
                             Encoding encoding, Opened opened) {
        this.uri = uri;
        this.rows = rows;
        this.keyColumn = keyColumn;
        this.passThrough = passThrough;
        this.encoding = encoding;
        this.provenance = opened.provenance();
        this.rowsNameTheirModel = opened.rowsNameTheirModel();
    }

    /** Opens {@code source}, or refuses it in one sentence (missing, no embedding column, bad key, bad filter). */
    public static StoredEmbeddings open(SparkSession spark, Source source) {
        Opened opened = openTable(spark, source.uri());
        StructType schema = opened.table().schema();
        Encoding encoding = encodingOf(schema, source.uri());
        checkKey(schema, source.keyColumn(), source.uri());
        List<String> passThrough = new ArrayList<>();
        for (String column : schema.fieldNames()) {
            if (!column.equals(source.keyColumn()) && !column.equals(EMBEDDING) && !column.equals(ERROR)) {
                passThrough.add(column);
            }
        }
        Dataset<Row> kept = filtered(opened.table(), source);
        List<Column> columns = new ArrayList<>();
        columns.add(functions.col(source.keyColumn()));
        passThrough.forEach(column -> columns.add(functions.col(column)));
        columns.add(functions.col(EMBEDDING));
        return new StoredEmbeddings(source.uri(), kept.select(columns.toArray(new Column[0])), source.keyColumn(),
                List.copyOf(passThrough), encoding, opened);
    }

    /**
     * The one place that knows formats: a lake table (a Delta path, an Iceberg name) through its
     * format, anything else as a Parquet output.
     */
    private static Opened openTable(SparkSession spark, String uri) {
        return LakeTables.kindOf(spark, FLAG, uri).map(kind -> lakeTable(spark, kind, uri))
                .orElseGet(() -> parquetOutput(spark, uri));
    }

    /** The table's current snapshot, and the {@code clip_batch.*} entries of its properties. */
    private static Opened lakeTable(SparkSession spark, SinkKind kind, String uri) {
        LakeSink table = LakeTables.open(spark, kind, FLAG, uri);
        Dataset<Row> rows = table.readAll();
        return new Opened(rows, provenanceOf(table.properties()),
                Arrays.asList(rows.columns()).contains(LakeColumns.MODEL_SHA256));
    }

    private static Opened parquetOutput(SparkSession spark, String uri) {
        requireExists(spark, uri);
        return new Opened(spark.read().parquet(uri),
                provenanceOf(ParquetDatasets.footer(spark.sparkContext().hadoopConfiguration(), uri)), false);
    }

    private static Map<String, String> provenanceOf(Map<String, String> metadata) {
        Map<String, String> provenance = new TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith("clip_batch.")) {
                provenance.put(key, value);
            }
        });
        return Map.copyOf(provenance);
    }

    private static void requireExists(SparkSession spark, String uri) {
        try {
            Path path = new Path(uri);
            if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                throw new UserError("--embeddings " + uri + " does not exist");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read --embeddings " + uri + ": "
                    + (e instanceof IOException io ? StoreErrors.reason(io) : e.getMessage()));
        }
    }

    private static Encoding encodingOf(StructType schema, String uri) {
        if (!Arrays.asList(schema.fieldNames()).contains(EMBEDDING)) {
            throw new UserError("--embeddings " + uri + " has no '" + EMBEDDING + "' column (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(EMBEDDING).dataType();
        if (type instanceof ArrayType array && array.elementType().equals(DataTypes.FloatType)) {
            return Encoding.FLOAT_ARRAY;
        }
        if (type instanceof ArrayType array && array.elementType().equals(DataTypes.DoubleType)) {
            return Encoding.DOUBLE_ARRAY;
        }
        if (type.equals(DataTypes.BinaryType)) {
            return Encoding.FLOAT16_BINARY;
        }
        throw new UserError("--embeddings " + uri + ": column '" + EMBEDDING + "' is " + type.simpleString()
                + ", not array<float>, array<double> or float16 binary");
    }

    private static void checkKey(StructType schema, String key, String uri) {
        if (!Arrays.asList(schema.fieldNames()).contains(key)) {
            throw new UserError("--embeddings " + uri + " has no key column '" + key + "'; name one with --key-column");
        }
        DataType type = schema.apply(key).dataType();
        if (!type.equals(DataTypes.StringType) && !type.equals(DataTypes.LongType)
                && !type.equals(DataTypes.IntegerType) && !type.equals(DataTypes.ShortType)
                && !type.equals(DataTypes.ByteType)) {
            throw new UserError("--key-column " + key + " is " + type.simpleString() + ", not a string or integer");
        }
    }

    private static Dataset<Row> filtered(Dataset<Row> table, Source source) {
        Column usable = functions.col(EMBEDDING).isNotNull().and(functions.col(source.keyColumn()).isNotNull());
        if (Arrays.asList(table.columns()).contains(ERROR)) {
            usable = usable.and(functions.col(ERROR).isNull());
        }
        Dataset<Row> kept = table.where(usable);
        if (source.where() == null) {
            return kept;
        }
        try {
            return kept.where(source.where());   // parsed and analysed here: a mistake is found before any job
        } catch (Exception e) {
            // Spark's ParseException and AnalysisException (checked, from Scala): the first line says what is wrong.
            String message = e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\n", 2)[0];
            throw new UserError("--where " + source.where() + ": " + message);
        }
    }

    public String uri() {
        return uri;
    }

    /** The usable rows: key column, pass-through columns, embedding column (last). */
    public Dataset<Row> rows() {
        return rows;
    }

    public String keyColumn() {
        return keyColumn;
    }

    /** The key column's field (name and type), for an output that carries it on. */
    public StructField keyField() {
        return rows.schema().apply(keyColumn);
    }

    /** Every column but the key, the embedding and {@code error} (always null in {@link #rows()}), in table order. */
    public List<String> passThroughColumns() {
        return passThrough;
    }

    /** The schema of {@link #rows()} less the embedding: what a search hit's row holds. */
    public StructType payloadSchema() {
        return new StructType(Arrays.stream(rows.schema().fields())
                .filter(field -> !field.name().equals(EMBEDDING)).toArray(StructField[]::new));
    }

    public String embeddingColumn() {
        return EMBEDDING;
    }

    /** The index of the embedding in a row of {@link #rows()}. */
    public int embeddingIndex() {
        return 1 + passThrough.size();
    }

    public Encoding encoding() {
        return encoding;
    }

    /**
     * The {@code clip_batch.*} entries of the first file's footer, or of a lake table's properties
     * (empty when another program wrote it).
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * The hashes of the image towers that wrote the usable rows: a lake table's rows each name theirs
     * ({@code model_sha256}: a table may hold rows of two models, after a run that changed the model
     * was stopped between commits), and a Parquet output has the one of its provenance. Empty when
     * unknown. A lake table costs a small Spark job.
     */
    public Set<String> visualSha256s() {
        if (rowsNameTheirModel) {
            Set<String> named = new TreeSet<>();
            rows.select(LakeColumns.MODEL_SHA256).where(functions.col(LakeColumns.MODEL_SHA256).isNotNull())
                    .distinct().limit(MODELS_LISTED).collectAsList().forEach(row -> named.add(row.getString(0)));
            if (!named.isEmpty()) {
                return named;
            }
        }
        return Optional.ofNullable(provenance.get(Provenance.VISUAL_SHA256)).map(Set::of).orElse(Set.of());
    }

    /** The width of the first usable row's vector (a small Spark job); empty when no row is usable. */
    public Optional<Integer> width() {
        List<Row> first = rows.select(EMBEDDING).limit(1).collectAsList();
        return first.isEmpty() ? Optional.empty() : Optional.of(UnitVectors.of(first.get(0).get(0)).length);
    }

    /** A row of {@link #rows()}'s vector, normalised; null when it holds a null value. */
    public float[] unitVector(Row row) {
        return UnitVectors.of(row.get(embeddingIndex()));
    }
}
