package io.clipbatch.udfs.partition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Items read and preprocessed one by one, each into tensors of its own, handed back in input order
 * with at most {@code window} in flight. The ensemble uses it: its members want several tensors per
 * image. A single model uses {@link DecodePipeline}, which writes into pooled batch buffers.
 *
 * @param <T> the input item (a Spark row, ...)
 */
final class ItemPipeline<T> {
    private final Iterator<T> inputs;
    private final Function<T, Decoded<T>> decode;
    private final ExecutorService workers;
    private final int window;
    private final ArrayDeque<Future<Decoded<T>>> inFlight = new ArrayDeque<>();

    /** {@code decode} runs on {@code workers}; {@code inputs} are consumed lazily on the consumer's thread. */
    ItemPipeline(Iterator<T> inputs, Function<T, Decoded<T>> decode, ExecutorService workers, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.inputs = inputs;
        this.decode = decode;
        this.workers = workers;
        this.window = window;
    }

    /** The next at most {@code maxSize} results, in input order; empty when done. */
    List<Decoded<T>> nextBatch(int maxSize) {
        List<Decoded<T>> batch = new ArrayList<>(maxSize);
        while (batch.size() < maxSize) {
            refill();
            Future<Decoded<T>> head = inFlight.poll();
            if (head == null) {
                break;
            }
            batch.add(DecodePipeline.await(head));
        }
        refill(); // keep the workers busy while the consumer runs the models on this batch
        return batch;
    }

    private void refill() {
        while (inFlight.size() < window && inputs.hasNext()) {
            T item = inputs.next();
            inFlight.add(workers.submit(() -> decode.apply(item)));
        }
    }

    /** Stops work nobody will consume (the task was killed or failed). */
    void cancel() {
        inFlight.forEach(future -> future.cancel(true));
        inFlight.clear();
    }

    /** An item's own tensors, or the reason there are none. */
    record Decoded<T>(T item, float[] pixels, String error) {
        static <T> Decoded<T> ok(T item, float[] pixels) {
            return new Decoded<>(item, pixels, null);
        }

        static <T> Decoded<T> failed(T item, String error) {
            return new Decoded<>(item, null, error);
        }

        boolean isOk() {
            return error == null;
        }
    }
}
