package io.clipbatch.udfs.ml;

import io.clipbatch.udfs.ScoringSpec;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Images to CLIP embeddings: {@code inputCol} (default {@code path}) holds each image's location or
 * its encoded bytes; {@code outputCol} (default {@code embedding}) gets its L2-normalised embedding
 * and {@code errorCol} (default {@code error}) why there is none. Every input column passes through
 * and every input row comes out once, as {@code clip-batch score} writes them.
 */
public final class ClipImageEmbedder extends ClipImageTransformer<ClipImageEmbedder> {
    private static final long serialVersionUID = 1L;

    public ClipImageEmbedder() {
        this(Identifiable.randomUID("ClipImageEmbedder"));
    }

    /** With a given uid, as {@link #load} creates it. */
    public ClipImageEmbedder(String uid) {
        super(uid);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        ScoringSpec spec = spec(dataset.schema());
        loadBundle(spec);
        return score(dataset, spec, null);
    }

    @Override
    protected List<AddedColumn> predictionColumns() {
        return List.of();
    }

    @Override
    public ClipImageEmbedder copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<ClipImageEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static ClipImageEmbedder load(String path) {
        return read().load(path);
    }
}
