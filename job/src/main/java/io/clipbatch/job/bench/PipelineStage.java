package io.clipbatch.job.bench;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.PreprocessMode;
import io.clipbatch.core.image.PreprocessOptions;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.pipeline.DecodePipeline;
import io.clipbatch.core.pipeline.ReadException;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.udfs.partition.ImageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * A partition's work without Spark around it: the same {@link DecodePipeline} the executors run (reader
 * threads, the shared decoder pool, reused direct batches) feeding the same {@link ClipModel}, over
 * {@code count} images read from files.
 */
public final class PipelineStage {
    private PipelineStage() {
    }

    public static Throughput run(Bundle bundle, SessionSettings settings, BenchImages images, PreprocessMode mode,
                                 int readerThreads, int decoderThreads, int count) throws Exception {
        Preprocessor preprocessor = new Preprocessor(bundle.preprocess(), PreprocessOptions.defaults().withMode(mode));
        int batch = settings.maxBatchSize();
        ExecutorService readers = Executors.newFixedThreadPool(readerThreads,
                DecodePipeline.daemonThreads("bench-reader"));
        try (ClipModel model = ClipModel.open(bundle, settings)) {
            model.encodeImages(InferenceStage.tensors(bundle, images, 1), 1); // open the session untimed
            run(model, preprocessor, images, readers, decoderThreads, batch, Math.min(count, 4 * batch)); // warm-up
            long start = System.nanoTime();
            double cpuStart = Throughput.processCpuSeconds();
            long embedded = run(model, preprocessor, images, readers, decoderThreads, batch, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = Throughput.processCpuSeconds() - cpuStart;
            if (embedded != count) {
                throw new IllegalStateException("only " + embedded + " of " + count + " images were embedded");
            }
            return new Throughput("pipeline", count, seconds, cpu, Runtime.getRuntime().availableProcessors(),
                    mode.cliName() + " preprocess, " + PreprocessStages.jpegPath() + ", " + readerThreads
                            + " readers, " + (decoderThreads == 0 ? "one decoder per core" : decoderThreads + " decoders")
                            + ", batch " + batch + ", model on " + model.imageDevice());
        } finally {
            readers.shutdownNow();
        }
    }

    private static long run(ClipModel model, Preprocessor preprocessor, BenchImages images, ExecutorService readers,
                            int decoderThreads, int batchSize, int count) {
        Iterator<Path> paths = IntStream.range(0, count).mapToObj(images::path).iterator();
        DecodePipeline<Path> pipeline = new DecodePipeline<>(paths, PipelineStage::read, preprocessor, readers,
                DecodePipeline.sharedDecoders(decoderThreads), batchSize, 2 * batchSize);
        long embedded = 0;
        for (DecodePipeline.Batch<Path> batch; (batch = pipeline.nextBatch()) != null; ) {
            try {
                embedded += model.encodeImages(batch.pixels(), batch.okCount()).length;
            } finally {
                batch.release();
            }
        }
        return embedded;
    }

    private static byte[] read(Path path) throws ReadException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ReadException("read: " + e.getMessage());
        }
    }
}
