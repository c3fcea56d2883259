package io.clipbatch.core.session;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens ONNX Runtime sessions on the requested device; the one place that knows about providers. */
final class OrtSessions {

    private static final Logger LOG = Logger.getLogger(OrtSessions.class.getName());
    private static final AtomicBoolean WARNED_CPU_FALLBACK = new AtomicBoolean();

    /** An open session and the device it actually runs on. */
    record Opened(OrtSession session, Device device) {
    }

    private OrtSessions() {
    }

    private static volatile OrtEnvironment environment;

    /**
     * ONNX Runtime allows one environment per JVM; every session shares it. It closes after the
     * cached sessions at shutdown (see {@link EnvironmentShutdown}).
     */
    static OrtEnvironment environment() {
        OrtEnvironment created = environment;
        if (created == null) {
            synchronized (OrtSessions.class) {
                if (environment == null) {
                    environment = EnvironmentShutdown.closeAfterSessions(() ->
                            OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "clip-batch"));
                }
                created = environment;
            }
        }
        return created;
    }

    static Opened open(Path model, SessionSettings settings) {
        Device device = settings.device();
        return switch (device.kind()) {
            case CPU -> new Opened(create(model, settings, -1), Device.CPU);
            case CUDA -> openCuda(model, settings, device);
            case AUTO -> openAuto(model, settings, device);
        };
    }

    /** An explicit CUDA device that cannot open the model is the machine's setup, not the task's: no retry helps. */
    private static Opened openCuda(Path model, SessionSettings settings, Device device) {
        DeviceSupport.require(device);
        try {
            return new Opened(create(model, settings, device.id()), device);
        } catch (SessionException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new DeviceUnavailableException(device, "ONNX Runtime cannot open " + model + " on it: " + reason, e);
        }
    }

    private static Opened openAuto(Path model, SessionSettings settings, Device device) {
        int cudaId = device.id();
        if (DeviceSupport.cudaInThisBuild()) {
            try {
                return new Opened(create(model, settings, cudaId), Device.cuda(cudaId));
            } catch (SessionException e) {
                noteCpuFallback(device, "CUDA device " + cudaId + " failed (" + e.getCause().getMessage() + ")");
            }
        } else {
            noteCpuFallback(device, DeviceSupport.NO_CUDA_PROVIDER);
        }
        return new Opened(create(model, settings, -1), Device.CPU);
    }

    /** Lets a test see the once-per-JVM warning again. */
    static void resetFallbackWarning() {
        WARNED_CPU_FALLBACK.set(false);
    }

    /**
     * Says once per JVM that AUTO runs on the CPU: a warning when the user asked for auto, information
     * when auto is only the default (a CPU machine is then the expected case, not a problem).
     */
    private static void noteCpuFallback(Device asked, String reason) {
        if (WARNED_CPU_FALLBACK.compareAndSet(false, true)) {
            LOG.log(asked.explicit() ? Level.WARNING : Level.INFO,
                    "Device auto: " + reason + "; running CLIP on the CPU.");
        }
    }

    /** Opens on a big-stack thread: ONNX Runtime's graph loading recurses in native code (see {@link NativeStack}). */
    private static OrtSession create(Path model, SessionSettings settings, int cudaId) {
        return NativeStack.call(() -> createHere(model, settings, cudaId));
    }

    private static OrtSession createHere(Path model, SessionSettings settings, int cudaId) {
        OrtEnvironment environment = environment();   // before SessionOptions, which would create a default one
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (cudaId >= 0) {
                options.addCUDA(cudaId);
            }
            return environment.createSession(model.toString(), options);
        } catch (OrtException e) {
            String where = cudaId >= 0 ? "cuda:" + cudaId : "cpu";
            throw new SessionException("Cannot open " + model + " on " + where + ": " + e.getMessage(), e);
        }
    }
}
