package io.clipbatch.job.output;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Passes a chunk's rows through unchanged and counts what this run wrote. It runs inside the write
 * job's tasks, whose accumulator updates Spark applies once per chunk however often a task is
 * retried, so the counts are those of the committed chunks.
 */
final class ChunkCounter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator chunks;
    private final LongAccumulator rows;

    ChunkCounter(LongAccumulator chunks, LongAccumulator rows) {
        this.chunks = chunks;
        this.rows = rows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Iterator<>() {
            private boolean counted;

            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row row = input.next();
                if (!counted) {
                    chunks.add(1);
                    counted = true;
                }
                rows.add(1);
                return row;
            }
        };
    }
}
