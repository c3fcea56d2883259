package io.clipbatch.udfs.partition;

import io.clipbatch.udfs.session.ClipModel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/** Pulls decoded batches from the pipeline, runs the model once per batch and yields output rows. */
final class ScoredRows implements Iterator<Row> {
    private final DecodePipeline<Row> pipeline;
    private final ClipModel model;
    private final OutputRows output;
    private final Runnable onExhausted;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private boolean exhausted;

    ScoredRows(DecodePipeline<Row> pipeline, ClipModel model, OutputRows output, Runnable onExhausted) {
        this.pipeline = pipeline;
        this.model = model;
        this.output = output;
        this.onExhausted = onExhausted;
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
        DecodePipeline.Batch<Row> batch = pipeline.nextBatch();
        if (batch == null) {
            exhausted = true;
            onExhausted.run();
            return;
        }
        float[][] embeddings;
        try {
            embeddings = model.encodeImages(batch.pixels(), batch.okCount());
        } finally {
            batch.release();
        }
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
            String error = batch.error(i);
            float[] embedding = error == null ? embeddings[next++] : null;
            ready.add(output.row(batch.item(i), embedding, error));
            ScoringProgress.record(error == null);
        }
    }
}
