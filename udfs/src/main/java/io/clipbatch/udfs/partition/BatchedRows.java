package io.clipbatch.udfs.partition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/** An iterator over rows that are made a batch at a time: Spark pulls one, the model runs on many. */
public abstract class BatchedRows implements Iterator<Row> {
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private boolean exhausted;

    /** Adds the next batch's rows to {@code rows}; false once the input has no more. */
    protected abstract boolean scoreNextBatch(Collection<Row> rows);

    @Override
    public final boolean hasNext() {
        while (ready.isEmpty() && !exhausted) {
            exhausted = !scoreNextBatch(ready);
        }
        return !ready.isEmpty();
    }

    @Override
    public final Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}
