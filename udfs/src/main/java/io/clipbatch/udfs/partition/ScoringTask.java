package io.clipbatch.udfs.partition;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.pipeline.DecodePipeline;
import io.clipbatch.core.pipeline.ReadException;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.udfs.ScoringSpec;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What a task needs to score its partition, set up the same way for one model and for an ensemble:
 * the sessions on the device this task may use, the spec's preprocessing, each row's image bytes,
 * the task's reader threads and the executor's shared decoder threads, all stopped with the task.
 */
final class ScoringTask {
    private final ScoringSpec spec;
    private final TaskContext task;
    private final SessionSettings sessions;
    private final ImageReader reader;
    private final int pathIndex;
    private final int bytesIndex;
    private final ExecutorService readers;

    /** Checks the device first, so that a task on an executor without it fails before reading any image. */
    ScoringTask(ScoringSpec spec, StructType inputSchema, SerializableConfiguration hadoopConf) {
        this.spec = spec;
        this.task = TaskContext.get();
        this.sessions = new SessionSettings(DeviceChoice.forTask(spec.device(), task), spec.intraOpThreads(),
                spec.batchSize());
        this.reader = new ImageReader(hadoopConf, spec.maxFileBytes());
        this.pathIndex = spec.pathColumn() == null ? -1 : inputSchema.fieldIndex(spec.pathColumn());
        this.bytesIndex = spec.bytesColumn() == null ? -1 : inputSchema.fieldIndex(spec.bytesColumn());
        // Threads start with the first read, so none is left behind if opening the model fails.
        this.readers = Executors.newFixedThreadPool(spec.readerThreads(),
                DecodePipeline.daemonThreads("clip-batch-reader"));
    }

    /** The bundle in {@code bundleDir} with its sessions, opened once per executor JVM. */
    ClipModel model(Path bundleDir) {
        return SessionCache.get(Bundle.load(bundleDir), sessions);
    }

    /** A model's preprocessing with the spec's options: EXIF, pixel limit and exact or fast mode. */
    Preprocessor preprocessor(PreprocessConfig config) {
        return new Preprocessor(config, spec.preprocessOptions());
    }

    /** A row's image: carried in the row (Parquet with image bytes, tar shards) or read from its path. */
    byte[] bytes(Row row) throws ReadException {
        if (bytesIndex >= 0 && !row.isNullAt(bytesIndex)) {
            return (byte[]) row.get(bytesIndex);
        }
        if (pathIndex < 0) {
            throw new ReadException("read: no image bytes");
        }
        return reader.read(row.getString(pathIndex));
    }

    /** This task's threads fetching image bytes (I/O-bound: {@code readerThreads} of them). */
    Executor readers() {
        return readers;
    }

    /** The executor's decoder threads, shared by its tasks (CPU-bound: {@code decoderThreads}, 0 one per core). */
    Executor decoders() {
        return DecodePipeline.sharedDecoders(spec.decoderThreads());
    }

    /** When the task ends (done, failed or killed): {@code cancel} the pipeline's work, then stop the readers. */
    void stopWithTask(Runnable cancel) {
        if (task != null) {
            task.addTaskCompletionListener(ctx -> {
                cancel.run();
                readers.shutdownNow();
            });
        }
    }

    /** The partition is exhausted: the reader threads end once their last read is done. */
    void finish() {
        readers.shutdown();
    }
}
