package io.clipbatch.core.session;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

/** Whether this JVM's ONNX Runtime build can run a device, asked before any session opens. */
public final class DeviceSupport {
    /** Why an explicit {@code cuda} fails on a CPU-only build. */
    public static final String NO_CUDA_PROVIDER = "this ONNX Runtime build has no CUDA provider";

    private DeviceSupport() {
    }

    public static boolean cudaInThisBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /**
     * Fails when {@code device} is CUDA and this build has no CUDA provider; CPU and AUTO always pass
     * (AUTO falls back to the CPU).
     */
    public static void require(Device device) {
        if (device.kind() == Device.Kind.CUDA && !cudaInThisBuild()) {
            throw new DeviceUnavailableException(device, NO_CUDA_PROVIDER);
        }
    }
}
