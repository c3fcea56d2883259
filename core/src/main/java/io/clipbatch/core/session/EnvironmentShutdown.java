package io.clipbatch.core.session;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * At JVM exit, the cached sessions close first, then ONNX Runtime's environment.
 *
 * <p>ONNX Runtime's Java API closes its native environment in a JVM shutdown hook of its own. JVM
 * hooks all run at once, so at SIGTERM that hook could free the environment while an executor task
 * is still inside a session run, and the JVM would die in native code. The hooks that creating the
 * environment registers are therefore taken back from the JVM, and one hook of ours closes the
 * sessions (which waits for the runs under way) and then runs them.
 *
 * <p>Finding those hooks needs {@code java.lang} opened to this code, as Spark's launch options
 * do; without it ONNX Runtime keeps its own hook, and only the sessions close in order.
 */
final class EnvironmentShutdown {
    private static final List<Thread> DEFERRED = new CopyOnWriteArrayList<>();

    private EnvironmentShutdown() {
    }

    /** Creates the environment, and orders its closing after the sessions'. Called once per JVM. */
    static <T> T closeAfterSessions(Supplier<T> create) {
        Set<Thread> before = registeredHooks();
        T created = create.get();
        Set<Thread> after = registeredHooks();
        if (before != null && after != null) {
            after.removeAll(before);
            for (Thread hook : after) {
                if (Runtime.getRuntime().removeShutdownHook(hook)) {
                    DEFERRED.add(hook);
                }
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(EnvironmentShutdown::closeInOrder, "clip-batch-sessions"));
        return created;
    }

    /** How many of ONNX Runtime's hooks wait for the sessions to close. */
    static int deferredHooks() {
        return DEFERRED.size();
    }

    private static void closeInOrder() {
        SessionCache.closeAll();
        // Never started: run() runs the hook's task on this thread.
        DEFERRED.forEach(Thread::run);
    }

    /** The JVM's application shutdown hooks now, or null when they cannot be read. */
    private static Set<Thread> registeredHooks() {
        try {
            Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
            Field field = hooks.getDeclaredField("hooks");
            field.setAccessible(true);
            // The JVM adds and removes hooks under this class's monitor.
            synchronized (hooks) {
                Map<?, ?> registered = (Map<?, ?>) field.get(null);
                if (registered == null) {
                    return null;
                }
                Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
                registered.keySet().forEach(hook -> threads.add((Thread) hook));
                return threads;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
