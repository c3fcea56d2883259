package io.clipbatch.core.bundle;

import java.nio.file.Path;

/** Checks the two ONNX graphs against each other and against the bundle's configuration. */
final class TowerCheck {

    private TowerCheck() {
    }

    static void check(Bundle bundle) {
        OnnxSignature visual = OnnxSignature.read(bundle.visualModel());
        OnnxSignature textual = OnnxSignature.read(bundle.textualModel());
        checkWidths(bundle, visual, textual);
        checkImageInput(bundle, visual);
        checkTextInput(bundle, textual);
    }

    private static void checkWidths(Bundle bundle, OnnxSignature visual, OnnxSignature textual) {
        long visualWidth = embeddingWidth(bundle, bundle.visualModel(), visual);
        long textualWidth = embeddingWidth(bundle, bundle.textualModel(), textual);
        if (visualWidth > 0 && textualWidth > 0 && visualWidth != textualWidth) {
            throw new BundleException("Embedding widths differ between the towers: " + bundle.textualModel()
                    + " outputs " + textualWidth + " values but " + bundle.visualModel() + " outputs " + visualWidth + ".");
        }
        long width = Math.max(visualWidth, textualWidth);
        if (width > 0 && width != bundle.embedDim()) {
            Path model = visualWidth > 0 ? bundle.visualModel() : bundle.textualModel();
            throw new BundleException(model + " outputs " + width + "-wide embeddings but " + configFile(bundle)
                    + " says " + bundle.embedDim() + ".");
        }
    }

    /** The width the graph declares for its embedding output, or -1 when symbolic. */
    private static long embeddingWidth(Bundle bundle, Path model, OnnxSignature signature) {
        TensorSpec output = TowerSignature.embeddingOutput(signature.outputs(), bundle.embedDim());
        if (output == null) {
            throw new BundleException(model + " has no embedding output: expected one named "
                    + TowerSignature.EMBEDDING_NAMES + " or a single 2-D output " + bundle.embedDim()
                    + " wide, found " + signature.outputs() + ".");
        }
        return TowerSignature.width(output);
    }

    private static void checkImageInput(Bundle bundle, OnnxSignature visual) {
        TensorSpec image = TowerSignature.imageInput(visual.inputs());
        if (image == null || image.rank() != 4) {
            throw new BundleException(bundle.visualModel() + " has no [N, 3, H, W] image input (found "
                    + visual.inputs() + ").");
        }
        int size = bundle.preprocess().size();
        if ((image.dim(2) > 0 && image.dim(2) != size) || (image.dim(3) > 0 && image.dim(3) != size)) {
            throw new BundleException(bundle.visualModel() + " takes " + image.dim(2) + "x" + image.dim(3)
                    + " images but " + preprocessFile(bundle) + " says " + size + ".");
        }
    }

    private static void checkTextInput(Bundle bundle, OnnxSignature textual) {
        TensorSpec text = TowerSignature.textInput(textual.inputs());
        if (text == null || text.rank() != 2) {
            throw new BundleException(bundle.textualModel() + " has no [N, L] token-id input (found "
                    + textual.inputs() + ").");
        }
        if (text.dim(1) > 0 && text.dim(1) != bundle.contextLength()) {
            throw new BundleException(bundle.textualModel() + " takes " + text.dim(1) + " tokens but "
                    + configFile(bundle) + " says a context length of " + bundle.contextLength() + ".");
        }
    }

    private static Path configFile(Bundle bundle) {
        return bundle.root().resolve("config.json");
    }

    private static Path preprocessFile(Bundle bundle) {
        return bundle.root().resolve(bundle.layout() == BundleLayout.IMMICH
                ? "visual/preprocess_cfg.json" : "preprocessor_config.json");
    }
}
