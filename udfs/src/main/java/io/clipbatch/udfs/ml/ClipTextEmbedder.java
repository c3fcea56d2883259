package io.clipbatch.udfs.ml;

import io.clipbatch.udfs.ScoringSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Texts to CLIP text embeddings, for searching images by text: {@code inputCol} (default
 * {@code text}) to an L2-normalised {@code array<float>} in {@code outputCol} (default
 * {@code embedding}), the vectors the zero-shot head is built from. Texts are tokenized as
 * {@code clip.tokenize(truncate=True)} does and encoded {@code batchSize} at a time per partition,
 * with one session per executor JVM; a null text gets a null embedding.
 */
public final class ClipTextEmbedder extends ClipTransformer<ClipTextEmbedder> {
    private static final long serialVersionUID = 1L;

    public ClipTextEmbedder() {
        this(Identifiable.randomUID("ClipTextEmbedder"));
    }

    /** With a given uid, as {@link #load} creates it. */
    public ClipTextEmbedder(String uid) {
        super(uid, "text");
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ColumnChecks checks = new ColumnChecks(getClass().getSimpleName(), schema);
        checks.require("inputCol", getInputCol(), "a string", DataTypes.StringType);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("outputCol", getOutputCol());
        checks.refuseTaken(outputs);
        checked(() -> specBuilder().build());
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        fields.add(DataTypes.createStructField(getOutputCol(), DataTypes.createArrayType(DataTypes.FloatType, false),
                true));
        return new StructType(fields.toArray(new StructField[0]));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        ScoringSpec spec = checked(() -> specBuilder().build());
        loadBundle(spec);
        TextEmbedding embedding = new TextEmbedding(spec, dataset.schema().fieldIndex(getInputCol()));
        return dataset.toDF().mapPartitions(embedding, Encoders.row(output));
    }

    @Override
    public ClipTextEmbedder copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<ClipTextEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static ClipTextEmbedder load(String path) {
        return read().load(path);
    }
}
