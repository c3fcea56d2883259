package io.clipbatch.core.session;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs ONNX Runtime's native calls (opening a session, running it) on threads with a 64 MB stack,
 * whatever the stack of the thread that asks. ONNX Runtime recurses in native code once per level
 * of control-flow nesting (If, Loop, Scan) when it loads and runs a graph; an overflow there is a
 * SIGSEGV that the JVM cannot turn into an exception: the executor dies without an hs_err file.
 * The caller's stack is not ours to size: Spark's task threads get {@code -Xss} (1 MB by default on
 * x86-64 Linux, sometimes set lower), and Spark's own frames sit above ours on it.
 *
 * <p>The threads are pooled (one per concurrent call, idle ones end after a minute); a stack's
 * pages are only committed as they are touched, about 100-200 KB each. Callers wait without being
 * interruptible, as they did when they ran the call themselves: a native call cannot be stopped
 * half-way, and a caller that left early would let its session be closed under the running call.
 */
final class NativeStack {

    private static final long STACK_BYTES = 64L << 20;

    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            60, TimeUnit.SECONDS, new SynchronousQueue<>(), NativeStack::newThread);

    private NativeStack() {
    }

    /** A thread of the pool; a call made from one runs in place. */
    private static final class BigStackThread extends Thread {
        BigStackThread(Runnable work) {
            super(null, work, "clip-batch-ort-" + THREAD_COUNT.incrementAndGet(), STACK_BYTES);
            setDaemon(true);   // never keeps an exiting JVM (or executor) alive
        }
    }

    private static Thread newThread(Runnable work) {
        return new BigStackThread(work);
    }

    /** {@code work}'s result, computed on a big-stack thread; what it throws is thrown here. */
    static <T> T call(Supplier<T> work) {
        if (Thread.currentThread() instanceof BigStackThread) {
            return work.get();
        }
        Future<T> result = THREADS.submit(work::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }
}
