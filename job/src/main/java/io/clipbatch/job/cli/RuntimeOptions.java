package io.clipbatch.job.cli;

import io.clipbatch.core.session.Device;
import io.clipbatch.udfs.InvalidSettingException;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.Setting;
import java.nio.file.Path;
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
        return ScoringSpec.parseDevice(device);
    }

    /** A scoring spec for the bundle in {@code model}, running where these options say. */
    public ScoringSpec.Builder spec(Path model) {
        return ScoringSpec.builder(model.toString()).device(device()).intraOpThreads(intraOpThreads());
    }

    /** Checked as the scoring spec checks it, for the commands (embed-text, bench) that run no scoring. */
    public int intraOpThreads() {
        InvalidSettingException.requireAtLeast(Setting.INTRA_OP_THREADS, intraOpThreads, 0);
        return intraOpThreads;
    }
}
