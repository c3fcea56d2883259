package io.clipbatch.udfs.ml;

import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.EmbeddingDtype;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The image transformers' common part: an input column of image paths (string) or encoded image
 * bytes (binary), scored as {@code score} scores them (one session per executor JVM, batched and
 * pipelined), every input column passed through and every row kept, with an embedding or an error.
 *
 * @param <T> the concrete transformer
 */
public abstract class ClipImageTransformer<T extends ClipImageTransformer<T>> extends ClipTransformer<T> {
    private static final long serialVersionUID = 1L;

    /** The input columns go through scoring under these names, so that none can clash with a column it adds. */
    private static final String HIDDEN_PREFIX = "__clip_input_";

    private final Param<String> errorCol;
    private final IntParam readerThreads;
    private final Param<String> preprocess;
    private final Param<String> embeddingDtype;

    protected ClipImageTransformer(String uid) {
        super(uid, ScoreSchema.PATH);
        this.errorCol = new Param<>(this, "errorCol",
                "the column of why an image has no embedding (null when it has one)");
        this.readerThreads = new IntParam(this, "readerThreads",
                "threads per task reading images (I/O-bound: size them for the storage's latency)");
        this.preprocess = new Param<>(this, "preprocess",
                "exact (Pillow's pixels, as OpenAI's reference) or fast (JPEGs decoded shrunk)");
        this.embeddingDtype = new Param<>(this, "embeddingDtype",
                "float32 (array<float>) or float16 (binary, little-endian half floats)");
        setDefault(errorCol, ScoreSchema.ERROR);
        setDefault(readerThreads, ScoringSpec.DEFAULT_READER_THREADS);
        setDefault(preprocess, "exact");
        setDefault(embeddingDtype, "float32");
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public IntParam readerThreads() {
        return readerThreads;
    }

    public Param<String> preprocess() {
        return preprocess;
    }

    public Param<String> embeddingDtype() {
        return embeddingDtype;
    }

    public String getErrorCol() {
        return getOrDefault(errorCol);
    }

    public int getReaderThreads() {
        return (Integer) getOrDefault(readerThreads);
    }

    public String getPreprocess() {
        return getOrDefault(preprocess);
    }

    public String getEmbeddingDtype() {
        return getOrDefault(embeddingDtype);
    }

    public T setErrorCol(String value) {
        return with(errorCol, value);
    }

    public T setReaderThreads(int value) {
        return with(readerThreads, value);
    }

    public T setPreprocess(String value) {
        return with(preprocess, value);
    }

    public T setEmbeddingDtype(String value) {
        return with(embeddingDtype, value);
    }

    @Override
    protected ScoringSpec.Builder specBuilder() {
        ScoringSpec.Builder builder = super.specBuilder();
        return checked(() -> builder.readerThreads(getReaderThreads()).preprocess(getPreprocess())
                .embeddingDtype(getEmbeddingDtype()));
    }

    /** The settings as a spec for rows whose columns are hidden as {@link #hiddenNames}. */
    protected final ScoringSpec spec(StructType input) {
        DataType inputType = checks(input).require("inputCol", getInputCol(), "a string path or binary image bytes",
                DataTypes.StringType, DataTypes.BinaryType);
        String hidden = HIDDEN_PREFIX + input.fieldIndex(getInputCol());
        boolean bytes = inputType.equals(DataTypes.BinaryType);
        ScoringSpec.Builder builder = specBuilder();
        return checked(() -> builder.pathColumn(bytes ? null : hidden).bytesColumn(bytes ? hidden : null).build());
    }

    /** The output columns beyond the embedding and the error, each param's name with its column and type. */
    protected abstract List<AddedColumn> predictionColumns();

    /** An output column: the param that names it, its name, its type, and the score output column it comes from. */
    protected record AddedColumn(String param, String name, DataType type, String scoreColumn) {
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ScoringSpec spec = spec(schema);
        List<AddedColumn> added = addedColumns(spec);
        Map<String, String> outputs = new LinkedHashMap<>();
        added.forEach(column -> outputs.put(column.param(), column.name()));
        checks(schema).refuseTaken(outputs);
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        added.forEach(column -> fields.add(DataTypes.createStructField(column.name(), column.type(), true)));
        return new StructType(fields.toArray(new StructField[0]));
    }

    private List<AddedColumn> addedColumns(ScoringSpec spec) {
        List<AddedColumn> added = new ArrayList<>();
        added.add(new AddedColumn("outputCol", getOutputCol(), spec.embeddingDtype() == EmbeddingDtype.FLOAT16
                ? DataTypes.BinaryType : DataTypes.createArrayType(DataTypes.FloatType, false), ScoreSchema.EMBEDDING));
        added.add(new AddedColumn("errorCol", getErrorCol(), DataTypes.StringType, ScoreSchema.ERROR));
        added.addAll(predictionColumns());
        return added;
    }

    /**
     * Scores the rows with {@code head} (null: embeddings only). The input's columns are renamed by
     * position while scoring and named back after, so that every one of them passes through whatever
     * its name, and the added columns take the names their params give.
     */
    protected final Dataset<Row> score(Dataset<?> dataset, ScoringSpec spec, ZeroShotHead head) {
        String[] names = dataset.columns();
        String[] hidden = hiddenNames(names.length);
        List<Column> kept = new ArrayList<>();
        List<String> outputNames = new ArrayList<>(Arrays.asList(names));
        for (String column : hidden) {
            kept.add(functions.col(column));
        }
        for (AddedColumn column : addedColumns(spec)) {
            kept.add(functions.col(column.scoreColumn()));
            outputNames.add(column.name());
        }
        Dataset<Row> scored = ClipScoring.score(dataset.toDF(hidden), spec, head);
        return scored.select(kept.toArray(new Column[0])).toDF(outputNames.toArray(new String[0]));
    }

    private static String[] hiddenNames(int count) {
        String[] hidden = new String[count];
        for (int i = 0; i < count; i++) {
            hidden[i] = HIDDEN_PREFIX + i;
        }
        return hidden;
    }

    private ColumnChecks checks(StructType input) {
        return new ColumnChecks(getClass().getSimpleName(), input);
    }
}
