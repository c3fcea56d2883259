package io.clipbatch.udfs.sql;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.bundle.BundleException;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.udfs.partition.DeviceChoice;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;

/**
 * Model bundles named in SQL. The path is made absolute on the driver, because executors run in
 * another working directory, and the bundle is loaded there once, so that a missing or broken model
 * fails the analysis; every JVM then keeps one bundle a path, since analysis runs on every query.
 */
final class SqlModels {
    private static final Map<String, Bundle> BUNDLES = new ConcurrentHashMap<>();

    private SqlModels() {}

    /**
     * The model folder named by the constant argument {@code index}, made absolute and loaded here (on
     * the driver, at analysis), so that a missing or broken bundle is the call's one-sentence mistake.
     */
    static String driverSide(SqlArguments args, int index) {
        String written = args.constantString(index, "model_path");
        String qualified = qualified(written);
        if (qualified == null) {
            throw args.mistake("model_path must be a local folder (a path or a file: URI), not " + written);
        }
        try {
            bundle(qualified);
        } catch (BundleException e) {
            throw args.mistake(e.getMessage());
        }
        return qualified;
    }

    /** The absolute local folder that a path or {@code file:} URI names; null for another scheme. */
    static String qualified(String modelPath) {
        Path path;
        if (modelPath.startsWith("file://")) {
            path = Path.of(URI.create(modelPath));
        } else if (modelPath.startsWith("file:")) {
            path = Path.of(modelPath.substring("file:".length()));
        } else if (modelPath.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
            return null;
        } else {
            path = Path.of(modelPath);
        }
        return path.toAbsolutePath().normalize().toString();
    }

    /** The bundle in the qualified folder, loaded once per JVM; a broken bundle throws its one-sentence error. */
    static Bundle bundle(String qualifiedDir) {
        Bundle cached = BUNDLES.get(qualifiedDir);
        if (cached != null) {
            return cached;
        }
        Bundle loaded = Bundle.load(Path.of(qualifiedDir));
        BUNDLES.put(qualifiedDir, loaded);
        return loaded;
    }

    /** The bundle's shared sessions on the device this task may use (the GPU Spark gave it, else AUTO's choice). */
    static ClipModel model(String qualifiedDir) {
        Device device = DeviceChoice.forTask(Device.DEFAULT, TaskContext.get());
        return SessionCache.get(bundle(qualifiedDir), new SessionSettings(device, 0, SessionSettings.DEFAULT_MAX_BATCH));
    }
}
