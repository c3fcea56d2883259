package io.clipbatch.udfs.partition;

import io.clipbatch.udfs.session.ClipModel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import org.apache.spark.sql.Row;

/** Pulls decoded batches from the pipeline, runs the model once per batch and yields output rows. */
final class ScoredRows implements Iterator<Row> {
    private final DecodePipeline<Row> pipeline;
    private final ClipModel model;
    private final int tensorLength;
    private final int batchSize;
    private final OutputRows output;
    private final ExecutorService workers;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private boolean exhausted;

    ScoredRows(DecodePipeline<Row> pipeline, ClipModel model, int tensorLength, int batchSize, OutputRows output,
               ExecutorService workers) {
        this.pipeline = pipeline;
        this.model = model;
        this.tensorLength = tensorLength;
        this.batchSize = batchSize;
        this.output = output;
        this.workers = workers;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !exhausted) {
            scoreNextBatch();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void scoreNextBatch() {
        List<DecodePipeline.Decoded<Row>> batch = pipeline.nextBatch(batchSize);
        if (batch.isEmpty()) {
            exhausted = true;
            workers.shutdown();
            return;
        }
        float[][] embeddings = embed(batch);
        int next = 0;
        for (DecodePipeline.Decoded<Row> decoded : batch) {
            float[] embedding = decoded.isOk() ? embeddings[next++] : null;
            ready.add(output.row(decoded.item(), embedding, decoded.error()));
            ScoringProgress.record(decoded.isOk());
        }
    }

    private float[][] embed(List<DecodePipeline.Decoded<Row>> batch) {
        int count = (int) batch.stream().filter(DecodePipeline.Decoded::isOk).count();
        if (count == 0) {
            return new float[0][];
        }
        float[] pixels = new float[count * tensorLength];
        int offset = 0;
        for (DecodePipeline.Decoded<Row> decoded : batch) {
            if (decoded.isOk()) {
                System.arraycopy(decoded.pixels(), 0, pixels, offset, tensorLength);
                offset += tensorLength;
            }
        }
        return model.encodeImages(pixels, count);
    }
}
