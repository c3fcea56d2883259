package io.clipbatch.udfs.session;

import io.clipbatch.udfs.bundle.Bundle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * One {@link ClipModel} per (bundle, settings) per JVM, shared by every task on an executor so
 * the weights are loaded once; all are closed when the JVM exits, after Spark has stopped.
 */
public final class SessionCache {

    private record Key(String root, SessionSettings settings) {
    }

    private static final Map<Key, ClipModel> MODELS = new ConcurrentHashMap<>();

    static {
        // After the SparkContext stops (Spark runs lower priorities later): a task still running at
        // SIGTERM must not find its model closed and fail, in the middle of clip-batch's one line.
        ShutdownHookManager.addShutdownHook(ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() - 1, () -> {
            closeAll();
            return BoxedUnit.UNIT;
        });
    }

    private SessionCache() {
    }

    /** The shared model for this bundle and settings; do not close it (see {@link #closeAll}). */
    public static ClipModel get(Bundle bundle, SessionSettings settings) {
        Key key = new Key(bundle.root().toString(), settings);
        return MODELS.compute(key, (k, cached) ->
                cached == null || cached.isClosed() ? ClipModel.open(bundle, settings) : cached);
    }

    /** Closes and forgets every shared model (the shutdown hook calls it). */
    public static void closeAll() {
        MODELS.values().forEach(ClipModel::close);
        MODELS.clear();
    }
}
