package io.clipbatch.udfs.partition;

import io.clipbatch.core.pipeline.ItemPipeline;
import io.clipbatch.core.pipeline.ScoringProgress;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.zeroshot.Prediction;
import io.clipbatch.core.zeroshot.Ranking;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Pulls decoded batches, runs every member once per batch and yields the ensemble's output rows. */
final class EnsembleRows extends BatchedRows {
    private final ItemPipeline<Row> pipeline;
    private final List<ClipModel> models;
    private final int[] tensorOffsets;
    private final int[] tensorLengths;
    private final int[] tensorOf;
    private final ZeroShotHead[] heads;
    private final float[] weights;
    private final float weightSum;
    private final int batchSize;
    private final int topK;
    private final int inputWidth;
    private final Runnable onExhausted;
    private final List<String> names;
    private final List<String> labels;

    EnsembleRows(ItemPipeline<Row> pipeline, List<ClipModel> models, int[] tensorOffsets, int[] tensorLengths,
                 int[] tensorOf, ZeroShotHead[] heads, float[] weights, int batchSize, int topK, int inputWidth,
                 Runnable onExhausted, List<String> names) {
        this.pipeline = pipeline;
        this.models = models;
        this.tensorOffsets = tensorOffsets;
        this.tensorLengths = tensorLengths;
        this.tensorOf = tensorOf;
        this.heads = heads;
        this.weights = weights;
        float sum = 0;
        for (float w : weights) {
            sum += w;
        }
        this.weightSum = sum;
        this.batchSize = batchSize;
        this.topK = topK;
        this.inputWidth = inputWidth;
        this.onExhausted = onExhausted;
        this.names = names;
        this.labels = heads[0].labels();
    }

    @Override
    protected boolean scoreNextBatch(Collection<Row> rows) {
        List<ItemPipeline.Decoded<Row>> batch = pipeline.nextBatch(batchSize);
        if (batch.isEmpty()) {
            onExhausted.run();
            return false;
        }
        float[][][] embeddings = new float[models.size()][][];
        for (int m = 0; m < models.size(); m++) {
            embeddings[m] = embed(batch, m);
        }
        int next = 0;
        for (ItemPipeline.Decoded<Row> decoded : batch) {
            rows.add(decoded.isOk() ? scored(decoded.item(), embeddings, next++) : failed(decoded));
            ScoringProgress.record(decoded.isOk());
        }
        return true;
    }

    private float[][] embed(List<ItemPipeline.Decoded<Row>> batch, int member) {
        int count = (int) batch.stream().filter(ItemPipeline.Decoded::isOk).count();
        if (count == 0) {
            return new float[0][];
        }
        int tensor = tensorOf[member];
        int length = tensorLengths[tensor];
        float[] pixels = new float[count * length];
        int offset = 0;
        for (ItemPipeline.Decoded<Row> decoded : batch) {
            if (decoded.isOk()) {
                System.arraycopy(decoded.pixels(), tensorOffsets[tensor], pixels, offset, length);
                offset += length;
            }
        }
        return models.get(member).encodeImages(pixels, count);
    }

    private Row scored(Row input, float[][][] embeddings, int image) {
        float[] mixed = new float[heads[0].classCount()];
        Row[] kept = new Row[models.size()];
        for (int m = 0; m < models.size(); m++) {
            float[] embedding = embeddings[m][image];
            float[] probabilities = heads[m].probabilities(embedding);
            for (int c = 0; c < mixed.length; c++) {
                mixed[c] += weights[m] * probabilities[c];
            }
            kept[m] = RowFactory.create(names.get(m), embedding);
        }
        for (int c = 0; c < mixed.length; c++) {
            mixed[c] /= weightSum;
        }
        List<Prediction> top = Ranking.topK(mixed, labels, topK);
        Row[] topRows = top.stream().map(p -> RowFactory.create(p.label(), p.index(), p.score())).toArray(Row[]::new);
        return row(input, kept, null, top.get(0).label(), top.get(0).index(), topRows);
    }

    private Row failed(ItemPipeline.Decoded<Row> decoded) {
        return row(decoded.item(), null, decoded.error(), null, null, null);
    }

    private Row row(Row input, Row[] memberEmbeddings, String error, String label, Integer index, Row[] top) {
        Object[] values = new Object[inputWidth + 5];
        for (int i = 0; i < inputWidth; i++) {
            values[i] = input.get(i);
        }
        values[inputWidth] = memberEmbeddings;
        values[inputWidth + 1] = error;
        values[inputWidth + 2] = label;
        values[inputWidth + 3] = index;
        values[inputWidth + 4] = top;
        return RowFactory.create(values);
    }
}
