package io.clipbatch.core.session;

import io.clipbatch.core.bundle.Bundle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ClipModel} per (bundle, settings) per JVM, shared by every task on an executor so
 * the weights are loaded once; all are closed when the JVM exits.
 */
public final class SessionCache {

    private record Key(String root, SessionSettings settings) {
    }

    private static final Map<Key, ClipModel> MODELS = new ConcurrentHashMap<>();

    private SessionCache() {
    }

    /** The shared model for this bundle and settings; do not close it (see {@link #closeAll}). */
    public static ClipModel get(Bundle bundle, SessionSettings settings) {
        Key key = new Key(bundle.root().toString(), settings);
        return MODELS.compute(key, (k, cached) ->
                cached == null || cached.isClosed() ? ClipModel.open(bundle, settings) : cached);
    }

    /** Closes and forgets every shared model (the shutdown hook of {@link EnvironmentShutdown} calls it). */
    public static void closeAll() {
        MODELS.values().forEach(ClipModel::close);
        MODELS.clear();
    }
}
