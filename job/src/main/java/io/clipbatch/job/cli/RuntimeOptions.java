package io.clipbatch.job.cli;

import io.clipbatch.job.UserError;
import picocli.CommandLine.Option;

/** Where and how ONNX Runtime runs a model: {@code --device}, {@code --intra-op-threads}. */
public final class RuntimeOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|cuda|auto",
            description = "Where ONNX Runtime runs; auto uses CUDA when it is available (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--intra-op-threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime intra-op threads per session; 0 lets it decide (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    public String device() {
        if (!device.equals("cpu") && !device.equals("cuda") && !device.equals("auto")) {
            throw new UserError("--device must be cpu, cuda or auto, not '" + device + "'");
        }
        return device;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }
}
