package io.clipbatch.job.cli;

import io.clipbatch.job.UserError;
import io.clipbatch.core.session.Device;
import picocli.CommandLine.Option;

/** Where and how ONNX Runtime runs a model: {@code --device}, {@code --intra-op-threads}. */
public final class RuntimeOptions {
    /** Null when not given: the default auto, which is quieter about running on the CPU than an explicit one. */
    @Option(names = "--device", paramLabel = "cpu|cuda|auto",
            description = "Where ONNX Runtime runs; auto uses CUDA when it is available (default: auto).")
    String device;

    @Option(names = "--intra-op-threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime intra-op threads per session; 0 lets it decide (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    public Device device() {
        if (device == null) {
            return Device.DEFAULT;
        }
        try {
            return Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UserError("--device must be cpu, cuda, cuda:N or auto, not '" + device + "'");
        }
    }

    public int intraOpThreads() {
        if (intraOpThreads < 0) {
            throw new UserError("--intra-op-threads must be 0 (ONNX Runtime decides) or more, not " + intraOpThreads);
        }
        return intraOpThreads;
    }
}
