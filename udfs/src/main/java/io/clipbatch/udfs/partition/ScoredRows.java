package io.clipbatch.udfs.partition;

import io.clipbatch.core.pipeline.DecodePipeline;
import io.clipbatch.core.pipeline.ScoringProgress;
import io.clipbatch.core.session.ClipModel;
import java.util.Collection;
import org.apache.spark.sql.Row;

/** Pulls decoded batches from the pipeline, runs the model once per batch and yields output rows. */
final class ScoredRows extends BatchedRows {
    private final DecodePipeline<Row> pipeline;
    private final ClipModel model;
    private final OutputRows output;
    private final Runnable onExhausted;

    ScoredRows(DecodePipeline<Row> pipeline, ClipModel model, OutputRows output, Runnable onExhausted) {
        this.pipeline = pipeline;
        this.model = model;
        this.output = output;
        this.onExhausted = onExhausted;
    }

    @Override
    protected boolean scoreNextBatch(Collection<Row> rows) {
        DecodePipeline.Batch<Row> batch = pipeline.nextBatch();
        if (batch == null) {
            onExhausted.run();
            return false;
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
            rows.add(output.row(batch.item(i), embedding, error));
            ScoringProgress.record(error == null);
        }
        return true;
    }
}
