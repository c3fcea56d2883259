package io.clipbatch.core.pipeline;

import io.clipbatch.core.image.ImageException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Items read and preprocessed one by one, each into tensors of its own, handed back in input order
 * with at most {@code window} in flight. As in {@link DecodePipeline}, bytes are fetched on the
 * task's reader threads and decoded on the executor's shared decoder threads. The ensemble uses it:
 * its members want several tensors per image. A single model uses {@link DecodePipeline}, which
 * writes into pooled batch buffers.
 *
 * @param <T> the input item (a Spark row, ...)
 */
public final class ItemPipeline<T> {
    /** One item's bytes to its tensors; a bad image is an {@link ImageException}. */
    @FunctionalInterface
    public interface Decoder {
        float[] decode(byte[] bytes) throws ImageException;
    }

    private final Iterator<T> inputs;
    private final DecodePipeline.Reader<T> reader;
    private final Decoder decoder;
    private final Executor readers;
    private final Executor decoders;
    private final int window;
    private final ArrayDeque<CompletableFuture<Decoded<T>>> inFlight = new ArrayDeque<>();
    private volatile boolean cancelled;

    /** {@code inputs} are consumed lazily on the consumer's thread. */
    public ItemPipeline(Iterator<T> inputs, DecodePipeline.Reader<T> reader, Decoder decoder, Executor readers,
                 Executor decoders, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.inputs = inputs;
        this.reader = reader;
        this.decoder = decoder;
        this.readers = readers;
        this.decoders = decoders;
        this.window = window;
    }

    /** The next at most {@code maxSize} results, in input order; empty when done. */
    public List<Decoded<T>> nextBatch(int maxSize) {
        List<Decoded<T>> batch = new ArrayList<>(maxSize);
        while (batch.size() < maxSize) {
            refill();
            CompletableFuture<Decoded<T>> head = inFlight.poll();
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
            inFlight.add(CompletableFuture.supplyAsync(() -> read(item), readers)
                    .thenApplyAsync(bytes -> decode(item, bytes), decoders));
        }
    }

    private Object read(T item) {
        return cancelled ? "cancelled" : DecodePipeline.bytesOrReason(reader, item);
    }

    private Decoded<T> decode(T item, Object bytes) {
        if (bytes instanceof String reason) {
            return Decoded.failed(item, reason);
        }
        if (cancelled) {
            return Decoded.failed(item, "cancelled");
        }
        try {
            return Decoded.ok(item, decoder.decode((byte[]) bytes));
        } catch (ImageException e) {
            return Decoded.failed(item, e.getMessage());
        } catch (RuntimeException e) {
            // A decoder bug on one odd file must not take the other rows of the task down with it.
            return Decoded.failed(item, "decode: " + DecodePipeline.describe(e));
        }
    }

    /** Stops work nobody will consume (the task was killed or failed). */
    public void cancel() {
        cancelled = true;
        inFlight.forEach(future -> future.cancel(true));
        inFlight.clear();
    }

    /** An item's own tensors, or the reason there are none. */
    public record Decoded<T>(T item, float[] pixels, String error) {
        static <T> Decoded<T> ok(T item, float[] pixels) {
            return new Decoded<>(item, pixels, null);
        }

        static <T> Decoded<T> failed(T item, String error) {
            return new Decoded<>(item, null, error);
        }

        public boolean isOk() {
            return error == null;
        }
    }
}
