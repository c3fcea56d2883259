package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.udfs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --model DIR} and how the model runs. */
public final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model bundle directory (Immich/open_clip ONNX or Hugging Face optimum layout).")
    Path model;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    public Bundle load() {
        if (!Files.isDirectory(model)) {
            throw new UserError("model " + model + " is not a directory (expected a model bundle)");
        }
        return Bundle.load(model);
    }

    public RuntimeOptions runtime() {
        return runtime;
    }
}
