package io.clipbatch.job.cli;

import io.clipbatch.job.UserError;
import io.clipbatch.udfs.bundle.Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR} and how the model runs. */
public final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model bundle directory (Immich/open_clip ONNX or Hugging Face optimum layout).")
    Path model;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|cuda|auto",
            description = "Where ONNX Runtime runs; auto uses CUDA when it is available (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--intra-op-threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime intra-op threads per session; 0 lets it decide (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    public Bundle load() {
        if (!Files.isDirectory(model)) {
            throw new UserError("model " + model + " is not a directory (expected a model bundle)");
        }
        return Bundle.load(model);
    }

    public String device() {
        if (!device.equals("cpu") && !device.equals("cuda") && !device.equals("auto")) {
            throw new UserError("--device must be cpu, cuda or auto, not '" + device + "'");
        }
        return device;
    }
}
