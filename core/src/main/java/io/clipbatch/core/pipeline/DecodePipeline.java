package io.clipbatch.core.pipeline;

import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.image.Preprocessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Turns a stream of inputs into batches of model-ready tensors, in input order, so that reading,
 * decoding and inference all run at once:
 * <ul>
 *   <li><b>reader threads</b> fetch each item's bytes. They mostly wait (S3 answers in tens of
 *       milliseconds), so there are many of them, per task;</li>
 *   <li><b>decoder threads</b> turn bytes into the tensor, written straight into its slot of a reused
 *       direct batch buffer that ONNX Runtime then reads in place. They are CPU-bound, so there are about
 *       as many as cores, shared by all the tasks of the JVM;</li>
 *   <li>the <b>consumer</b> (the task thread, which runs the model) only takes finished batches.</li>
 * </ul>
 * At most {@code window} items are in flight ahead of the consumer: the bounded queue that keeps
 * memory flat however long the partition, and lets readers and decoders run ahead of a slow model
 * without hoarding.
 *
 * <p>Callers that make several tensors per image (the ensemble) use {@link ItemPipeline} instead.
 *
 * @param <T> the input item (a Spark row, a path, ...)
 */
public final class DecodePipeline<T> {

    /** Reads one item's encoded image; a failure is a short reason, never a crash. */
    @FunctionalInterface
    public interface Reader<T> {
        byte[] read(T item) throws ReadException;
    }

    private final Iterator<T> inputs;
    private final Reader<T> reader;
    private final Preprocessor preprocessor;
    private final Executor readers;
    private final Executor decoders;
    private final int batchSize;
    private final int window;
    private final int tensorLength;
    private final ArrayDeque<Pending<T>> inFlight = new ArrayDeque<>();
    private Batch<T> filling;
    private int filled;
    private volatile boolean cancelled;

    /**
     * @param inputs       the items, consumed lazily on the consumer's thread
     * @param reader       fetches one item's bytes (runs on {@code readers})
     * @param preprocessor bytes to tensor (runs on {@code decoders})
     * @param batchSize    items per batch
     * @param window       how many items may be in flight ahead of the consumer (at least one batch)
     */
    public DecodePipeline(Iterator<T> inputs, Reader<T> reader, Preprocessor preprocessor, Executor readers,
                          Executor decoders, int batchSize, int window) {
        if (batchSize < 1 || window < batchSize) {
            throw new IllegalArgumentException("need batchSize >= 1 and window >= batchSize, got " + batchSize
                    + " and " + window);
        }
        this.inputs = inputs;
        this.reader = reader;
        this.preprocessor = preprocessor;
        this.readers = readers;
        this.decoders = decoders;
        this.batchSize = batchSize;
        this.window = window;
        this.tensorLength = preprocessor.tensorLength();
    }

    /**
     * The next batch, in input order, with the tensors of its good items packed at the front of its
     * buffer; null when the input is exhausted. {@link Batch#release} it once the model has run.
     */
    public Batch<T> nextBatch() {
        refill();
        if (inFlight.isEmpty()) {
            return null;
        }
        Batch<T> batch = inFlight.peek().batch;
        while (!inFlight.isEmpty() && inFlight.peek().batch == batch) {
            Pending<T> head = inFlight.poll();
            batch.complete(head.slot, await(head.done));
        }
        refill(); // keep the workers busy while the consumer runs the model on this batch
        batch.pack(tensorLength);
        return batch;
    }

    private void refill() {
        while (inFlight.size() < window && inputs.hasNext()) {
            T item = inputs.next();
            if (filling == null || filled == batchSize) {
                filling = new Batch<>(batchSize, tensorLength);
                filled = 0;
            }
            Batch<T> batch = filling;
            int slot = filled++;
            batch.items.add(item);
            CompletableFuture<String> done = CompletableFuture
                    .supplyAsync(() -> read(item), readers)
                    .thenApplyAsync(bytes -> decode(bytes, batch, slot), decoders);
            inFlight.add(new Pending<>(batch, slot, done));
        }
        if (!inputs.hasNext()) {
            filling = null; // the last batch is short; a later call starts none
        }
    }

    /** The bytes, or the reason there are none (a String). */
    private Object read(T item) {
        return cancelled ? "cancelled" : bytesOrReason(reader, item);
    }

    /** The item's bytes, or the reason there are none (a String): a failed read is a row's error, never a crash. */
    static <T> Object bytesOrReason(Reader<T> reader, T item) {
        try {
            return reader.read(item);
        } catch (ReadException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "read: " + describe(e);
        }
    }

    /** Preprocesses into the item's slot; null when fine, else the row's error. */
    private String decode(Object bytes, Batch<T> batch, int slot) {
        if (bytes instanceof String reason) {
            return reason;
        }
        if (cancelled) {
            return "cancelled";
        }
        try {
            preprocessor.preprocess((byte[]) bytes, batch.pixels, slot * tensorLength);
            return null;
        } catch (ImageException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            // A decoder bug on one odd file must not take the other rows of the task down with it.
            return "decode: " + describe(e);
        }
    }

    static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a decoder thread", e);
        } catch (ExecutionException e) {
            // Bad images are values; anything thrown here is an Error (e.g. OutOfMemoryError) or a bug.
            throw new IllegalStateException("decoder thread failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops work nobody will consume (the task was killed or failed); buffers go back to the pool. */
    public void cancel() {
        cancelled = true;
        // A batch's buffer goes back only when every decoder writing into it has finished.
        java.util.Map<Batch<T>, List<CompletableFuture<String>>> byBatch = new java.util.IdentityHashMap<>();
        for (Pending<T> pending : inFlight) {
            byBatch.computeIfAbsent(pending.batch, b -> new ArrayList<>()).add(pending.done);
        }
        byBatch.forEach((batch, futures) -> CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .whenComplete((ignored, failure) -> batch.release()));
        inFlight.clear();
        filling = null;
    }

    private static final java.util.Map<Integer, Executor> SHARED_DECODERS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The JVM's decoder pool of {@code threads} daemon threads (0: one per core), shared by every task so
     * that concurrent tasks do not multiply CPU-bound threads beyond the cores.
     */
    public static Executor sharedDecoders(int threads) {
        int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return SHARED_DECODERS.computeIfAbsent(count,
                n -> java.util.concurrent.Executors.newFixedThreadPool(n, daemonThreads("clip-batch-decoder")));
    }

    /** A thread factory for daemon threads named {@code name-N}. */
    public static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Pending<T>(Batch<T> batch, int slot, CompletableFuture<String> done) {
    }

    /**
     * One batch: its items in input order, each one's error (null when fine), and a direct buffer with
     * the good items' tensors one after another from index 0 ({@link #okCount} of them).
     */
    public static final class Batch<T> {
        private static final ConcurrentLinkedQueue<FloatBuffer> POOL = new ConcurrentLinkedQueue<>();

        private final List<T> items;
        private final String[] errors;
        private final FloatBuffer pixels;
        private int okCount;
        private boolean released;

        private Batch(int capacity, int tensorLength) {
            this.items = new ArrayList<>(capacity);
            this.errors = new String[capacity];
            this.pixels = buffer(capacity * tensorLength);
        }

        /** A pooled buffer of exactly {@code floats} (tasks of one job all ask for the same size). */
        private static FloatBuffer buffer(int floats) {
            for (FloatBuffer pooled; (pooled = POOL.poll()) != null; ) {
                if (pooled.capacity() == floats) {
                    return pooled;
                }
            }
            return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        private void complete(int slot, String error) {
            errors[slot] = error;
        }

        /** Moves the good tensors down over the failed ones' slots, so they are contiguous. */
        private void pack(int tensorLength) {
            int next = 0;
            for (int slot = 0; slot < items.size(); slot++) {
                if (errors[slot] != null) {
                    continue;
                }
                if (slot != next) {
                    pixels.put(next * tensorLength, pixels, slot * tensorLength, tensorLength);
                }
                next++;
            }
            okCount = next;
        }

        public int size() {
            return items.size();
        }

        public T item(int index) {
            return items.get(index);
        }

        /** Null when the item was preprocessed, else the reason it was not. */
        public String error(int index) {
            return errors[index];
        }

        public int okCount() {
            return okCount;
        }

        /** The good items' tensors, {@code okCount * tensorLength} floats from absolute index 0. */
        public FloatBuffer pixels() {
            return pixels;
        }

        /** Hands the buffer back for the next batch; the batch's pixels must not be used after. */
        public synchronized void release() {
            if (!released) {
                released = true;
                POOL.add(pixels);
            }
        }
    }
}
