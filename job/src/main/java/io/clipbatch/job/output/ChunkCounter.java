package io.clipbatch.job.output;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Passes a chunk's rows through unchanged and counts the rows this run wrote. It runs inside the
 * write job's tasks, whose accumulator updates Spark applies once per chunk however often a task is
 * retried, so the count is that of the committed chunks.
 */
final class ChunkCounter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator rows;

    ChunkCounter(LongAccumulator rows) {
        this.rows = rows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row row = input.next();
                rows.add(1);
                return row;
            }
        };
    }
}
