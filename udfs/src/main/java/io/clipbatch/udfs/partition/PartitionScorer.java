package io.clipbatch.udfs.partition;

import io.clipbatch.udfs.bundle.Bundle;
import io.clipbatch.udfs.image.PreprocessOptions;
import io.clipbatch.udfs.image.Preprocessor;
import io.clipbatch.udfs.session.ClipModel;
import io.clipbatch.udfs.session.SessionCache;
import io.clipbatch.udfs.session.SessionSettings;
import io.clipbatch.udfs.zeroshot.ZeroShotHead;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.TaskContext;
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
        TaskContext task = TaskContext.get();
        Bundle bundle = Bundle.load(Path.of(spec.bundleDir()));
        ClipModel model = SessionCache.get(bundle,
                new SessionSettings(DeviceChoice.forTask(spec.device(), task), spec.intraOpThreads(), spec.batchSize()));
        Preprocessor preprocessor = new Preprocessor(bundle.preprocess(),
                new PreprocessOptions(spec.exifTranspose(), spec.maxPixels(), spec.preprocessMode()));
        ImageReader reader = new ImageReader(hadoopConf.value(), spec.maxFileBytes());
        int pathIndex = inputSchema.fieldIndex(spec.pathColumn());
        int bytesIndex = spec.bytesColumn() == null ? -1 : inputSchema.fieldIndex(spec.bytesColumn());

        ExecutorService readers = Executors.newFixedThreadPool(spec.readerThreads(),
                DecodePipeline.daemonThreads("clip-batch-reader"));
        DecodePipeline<Row> pipeline = new DecodePipeline<>(rows,
                row -> new ImageSource(row, pathIndex, bytesIndex, reader).bytes(), preprocessor, readers,
                DecodePipeline.sharedDecoders(spec.decoderThreads()), spec.batchSize(), spec.decodeWindow());
        if (task != null) {
            task.addTaskCompletionListener(ctx -> {
                pipeline.cancel();
                readers.shutdownNow();
            });
        }
        OutputRows output = new OutputRows(inputSchema, spec.pathColumn(), head == null ? null : head.value(),
                spec.topK(), spec.float16Embeddings());
        return new ScoredRows(pipeline, model, output, readers::shutdown);
    }

    /** An image's bytes: carried in the row (Parquet with image bytes, tar shards) or read from its path. */
    private record ImageSource(Row row, int pathIndex, int bytesIndex, ImageReader reader) {
        byte[] bytes() throws ImageReader.ReadException {
            if (bytesIndex >= 0 && !row.isNullAt(bytesIndex)) {
                return (byte[]) row.get(bytesIndex);
            }
            return reader.read(row.getString(pathIndex));
        }
    }
}
