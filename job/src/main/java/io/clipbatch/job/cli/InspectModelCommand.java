package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.bundle.OnnxSignature;
import io.clipbatch.core.bundle.TensorSpec;
import io.clipbatch.core.bundle.TowerSignature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "inspect-model", mixinStandardHelpOptions = true,
        description = "Prints a bundle's layout, tensors, embedding width and preprocessing.")
public final class InspectModelCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() {
        Bundle bundle = model.load();
        PrintStream out = System.out;
        out.println("bundle:        " + bundle.root());
        out.println("layout:        " + bundle.layout().name().toLowerCase());
        out.println("embedding:     " + bundle.embedDim() + " floats, L2-normalised");
        out.println("context:       " + bundle.contextLength() + " tokens");
        out.println("tokenizer:     " + bundle.root().relativize(bundle.tokenizerFile()));
        out.println("preprocess:    " + bundle.preprocess());
        printTower(out, "image tower", bundle, bundle.visualModel());
        printTower(out, "text tower", bundle, bundle.textualModel());
        return 0;
    }

    private static void printTower(PrintStream out, String title, Bundle bundle, Path onnx) {
        if (!Files.exists(onnx)) {
            out.println(title + ":   absent");
            return;
        }
        OnnxSignature signature = OnnxSignature.read(onnx);
        TensorSpec embedding = TowerSignature.embeddingOutput(signature.outputs(), bundle.embedDim());
        out.println(title + ":   " + bundle.root().relativize(onnx));
        for (TensorSpec input : signature.inputs()) {
            out.println("  input        " + input);
        }
        for (TensorSpec output : signature.outputs()) {
            out.println("  output       " + output + (output.name().equals(embedding.name()) ? "  <- embedding" : ""));
        }
    }
}
