package io.clipbatch.udfs.partition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Turns a stream of inputs into batches of decoded images, in input order, with a bounded
 * pool of reader/decoder threads working ahead of the consumer. The consumer (the thread that
 * runs the model) never decodes, so I/O and decoding overlap inference; the window bounds how
 * far ahead the readers run, and with it the memory held in decoded tensors.
 *
 * @param <T> the input item (a Spark row, a path, ...)
 */
public final class DecodePipeline<T> {

    private final Iterator<T> inputs;
    private final Function<T, Decoded<T>> decode;
    private final ExecutorService workers;
    private final int window;
    private final ArrayDeque<Future<Decoded<T>>> inFlight = new ArrayDeque<>();

    /**
     * @param inputs  the items, consumed lazily
     * @param decode  reads and preprocesses one item; must not throw for bad images (errors are values)
     * @param workers the reader/decoder threads
     * @param window  how many items may be in flight ahead of the consumer
     */
    public DecodePipeline(Iterator<T> inputs, Function<T, Decoded<T>> decode, ExecutorService workers, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.inputs = inputs;
        this.decode = decode;
        this.workers = workers;
        this.window = window;
    }

    /** The next batch of at most {@code maxSize} decoded items, in input order; empty when done. */
    public List<Decoded<T>> nextBatch(int maxSize) {
        List<Decoded<T>> batch = new ArrayList<>(maxSize);
        while (batch.size() < maxSize) {
            refill();
            Future<Decoded<T>> head = inFlight.poll();
            if (head == null) {
                break;
            }
            batch.add(await(head));
        }
        refill();
        return batch;
    }

    private void refill() {
        while (inFlight.size() < window && inputs.hasNext()) {
            T item = inputs.next();
            inFlight.add(workers.submit(() -> decode.apply(item)));
        }
    }

    private static <T> Decoded<T> await(Future<Decoded<T>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a decoder thread", e);
        } catch (ExecutionException e) {
            // decode() reports bad images as values; anything thrown here is a bug or an Error (e.g. OOM).
            throw new IllegalStateException("decoder thread failed: " + e.getCause(), e.getCause());
        }
    }

    /** Cancels decoding that nobody will consume (the task was killed or failed). */
    public void cancel() {
        for (Future<Decoded<T>> future : inFlight) {
            future.cancel(true);
        }
        inFlight.clear();
    }

    /** One item after reading and preprocessing: pixels, or the reason there are none. */
    public record Decoded<T>(T item, float[] pixels, String error) {
        public static <T> Decoded<T> ok(T item, float[] pixels) {
            return new Decoded<>(item, pixels, null);
        }

        public static <T> Decoded<T> failed(T item, String error) {
            return new Decoded<>(item, null, error);
        }

        public boolean isOk() {
            return error == null;
        }
    }
}
