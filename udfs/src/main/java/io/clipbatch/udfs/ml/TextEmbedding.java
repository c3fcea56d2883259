package io.clipbatch.udfs.ml;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.partition.BatchedRows;
import io.clipbatch.udfs.partition.DeviceChoice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The executor side of {@link ClipTextEmbedder}: a partition's rows with the embedding of their text
 * appended, the text tower run once per {@code batchSize} texts on the model this executor JVM
 * shares, on the GPU Spark gave the task.
 */
public final class TextEmbedding implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringSpec spec;
    private final int textIndex;

    public TextEmbedding(ScoringSpec spec, int textIndex) {
        this.spec = spec;
        this.textIndex = textIndex;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        Bundle bundle = Bundle.load(spec.modelDir());
        SessionSettings settings = new SessionSettings(DeviceChoice.forTask(spec.device(), TaskContext.get()),
                spec.intraOpThreads(), spec.batchSize());
        return new EmbeddedRows(rows, SessionCache.get(bundle, settings), bundle.tokenizer(), bundle.contextLength());
    }

    /** Takes {@code batchSize} rows, encodes their non-null texts in one call, yields them with their embeddings. */
    private final class EmbeddedRows extends BatchedRows {
        private final Iterator<Row> rows;
        private final ClipModel model;
        private final ClipTokenizer tokenizer;
        private final int contextLength;

        EmbeddedRows(Iterator<Row> rows, ClipModel model, ClipTokenizer tokenizer, int contextLength) {
            this.rows = rows;
            this.model = model;
            this.tokenizer = tokenizer;
            this.contextLength = contextLength;
        }

        @Override
        protected boolean scoreNextBatch(Collection<Row> out) {
            List<Row> batch = new ArrayList<>(spec.batchSize());
            List<int[]> ids = new ArrayList<>();
            while (batch.size() < spec.batchSize() && rows.hasNext()) {
                Row row = rows.next();
                batch.add(row);
                if (!row.isNullAt(textIndex)) {
                    ids.add(tokenizer.tokenize(row.getString(textIndex), contextLength));
                }
            }
            if (batch.isEmpty()) {
                return false;
            }
            float[][] embeddings = ids.isEmpty() ? new float[0][] : model.encodeTexts(ids.toArray(new int[0][]));
            int next = 0;
            for (Row row : batch) {
                out.add(withEmbedding(row, row.isNullAt(textIndex) ? null : embeddings[next++]));
            }
            return true;
        }

        private Row withEmbedding(Row row, float[] embedding) {
            Object[] values = new Object[row.length() + 1];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            values[row.length()] = embedding;
            return RowFactory.create(values);
        }
    }
}
