package io.clipbatch.udfs.vectors;

import dev.ludovic.netlib.blas.BLAS;
import io.clipbatch.udfs.UserError;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The executor side of {@link CosineTopK}: a partition's rows gathered in blocks, each block
 * multiplied by the broadcast query matrix in one {@code sgemm}, every product offered to its
 * query's bounded heap. The float32 product only screens: a row that may enter a heap is scored
 * again exactly (a double dot product), so that ranks and scores do not depend on the BLAS, the block
 * or the partitioning.
 */
public final class BlockSearch implements FlatMapFunction<Iterator<Row>, TopHits> {
    private static final long serialVersionUID = 1L;
    /** The score matrix of one block is kept near 8 MB; blocks stay large enough for sgemm to run at speed. */
    private static final int SCORE_FLOATS = 2 << 20;
    private static final int MIN_BLOCK = 256;
    private static final int MAX_BLOCK = 4096;

    private final Broadcast<QueryMatrix> queries;
    private final int keyIndex;
    private final int embeddingIndex;
    private final int k;

    BlockSearch(Broadcast<QueryMatrix> queries, int keyIndex, int embeddingIndex, int k) {
        this.queries = queries;
        this.keyIndex = keyIndex;
        this.embeddingIndex = embeddingIndex;
        this.k = k;
    }

    public static int blockRows(int queryCount) {
        return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, SCORE_FLOATS / queryCount));
    }

    @Override
    public Iterator<TopHits> call(Iterator<Row> rows) {
        QueryMatrix q = queries.value();
        TopHits top = new TopHits(q.count(), k);
        Block block = new Block(q, blockRows(q.count()));
        while (rows.hasNext()) {
            Row row = rows.next();
            block.add(row, vectorOf(row, q.width()));
            if (block.isFull()) {
                block.search(top);
            }
        }
        block.search(top);
        return List.of(top).iterator();
    }

    private float[] vectorOf(Row row, int width) {
        float[] v = UnitVectors.of(row.get(embeddingIndex));
        if (v == null) {
            throw new UserError("the embedding of " + row.get(keyIndex) + " holds a null value");
        }
        if (v.length != width) {
            throw new UserError("the embeddings have mixed widths: " + row.get(keyIndex) + " has " + v.length
                    + " values where others have " + width);
        }
        return v;
    }

    /** Up to {@code capacity} rows, their unit vectors side by side in one column-major {@code width × rows} matrix. */
    private final class Block {
        private final QueryMatrix q;
        private final BLAS blas = Blas.instance();
        private final Row[] rows;
        private final float[] vectors;
        private final float[] scores;
        /** Per query, the product below which a row cannot enter its heap: -∞ until the heap is full. */
        private final float[] bars;
        private int size;

        Block(QueryMatrix q, int capacity) {
            this.q = q;
            this.rows = new Row[capacity];
            this.vectors = new float[capacity * q.width()];
            this.scores = new float[capacity * q.count()];
            this.bars = new float[q.count()];
            java.util.Arrays.fill(bars, Float.NEGATIVE_INFINITY);
        }

        void add(Row row, float[] unit) {
            System.arraycopy(unit, 0, vectors, size * q.width(), q.width());
            rows[size++] = row;
        }

        boolean isFull() {
            return size == rows.length;
        }

        /** scores[query + row · count] = query · row, for every query and every row of the block. */
        void search(TopHits top) {
            if (size == 0) {
                return;
            }
            int n = q.count();
            int d = q.width();
            blas.sgemm("T", "N", n, size, d, 1f, q.values(), d, vectors, d, 0f, scores, n);
            float slack = q.productErrorBound();
            for (int r = 0; r < size; r++) {
                top.countRow();
                offerRow(top, r, n, slack);
                rows[r] = null;
            }
            size = 0;
        }

        private void offerRow(TopHits top, int r, int n, float slack) {
            Row payload = null;
            int base = r * n;
            for (int query = 0; query < n; query++) {
                if (scores[base + query] < bars[query]) {
                    continue;
                }
                if (payload == null) {
                    payload = withoutEmbedding(rows[r]);
                }
                if (top.offer(query, new Hit(q.exactScore(query, vectors, r), rows[r].get(keyIndex), payload))
                        && top.full(query)) {
                    bars[query] = top.worstScore(query) - slack;
                }
            }
        }
    }

    private Row withoutEmbedding(Row row) {
        Object[] values = new Object[row.length() - 1];
        for (int i = 0, j = 0; i < row.length(); i++) {
            if (i != embeddingIndex) {
                values[j++] = row.get(i);
            }
        }
        return RowFactory.create(values);
    }
}
