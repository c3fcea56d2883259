package io.clipbatch.udfs.partition;

import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.pipeline.DecodePipeline;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.ScoringSpec;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of {@code score}: a partition of input rows in, the same rows out with an
 * embedding or an error each, and zero-shot predictions when a head is given. Every input row
 * comes out exactly once, in input order.
 */
public final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringSpec spec;
    private final StructType inputSchema;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final Broadcast<ZeroShotHead> head;

    /** @param head the zero-shot head, or null to write embeddings only */
    public PartitionScorer(ScoringSpec spec, StructType inputSchema,
                           Broadcast<SerializableConfiguration> hadoopConf, Broadcast<ZeroShotHead> head) {
        this.spec = spec;
        this.inputSchema = inputSchema;
        this.hadoopConf = hadoopConf;
        this.head = head;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ScoringTask task = new ScoringTask(spec, inputSchema, hadoopConf.value());
        ClipModel model = task.model(spec.modelDir());
        Preprocessor preprocessor = task.preprocessor(model.bundle().preprocess());
        DecodePipeline<Row> pipeline = new DecodePipeline<>(rows, task::bytes, preprocessor, task.readers(),
                task.decoders(), spec.batchSize(), spec.decodeWindow());
        task.stopWithTask(pipeline::cancel);
        OutputRows output = new OutputRows(inputSchema, spec.pathColumn(), head == null ? null : head.value(),
                spec.topK(), spec.float16Embeddings());
        return new ScoredRows(pipeline, model, output, task::finish);
    }
}
