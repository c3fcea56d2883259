package io.clipbatch.core.bundle;

import java.nio.file.Files;
import java.nio.file.Path;

/** The two ways CLIP ONNX exports are laid out on disk. */
public enum BundleLayout {
    /** Immich / open_clip: {@code visual/model.onnx}, {@code textual/model.onnx}, {@code config.json}. */
    IMMICH("visual/model.onnx", "textual/model.onnx"),
    /** Hugging Face optimum split export: {@code onnx/vision_model.onnx}, {@code onnx/text_model.onnx}. */
    HF_OPTIMUM("onnx/vision_model.onnx", "onnx/text_model.onnx");

    private final String visualModel;
    private final String textualModel;

    BundleLayout(String visualModel, String textualModel) {
        this.visualModel = visualModel;
        this.textualModel = textualModel;
    }

    /** Relative path of the image tower in this layout. */
    public String visualModel() {
        return visualModel;
    }

    /** Relative path of the text tower in this layout. */
    public String textualModel() {
        return textualModel;
    }

    /**
     * The layout whose towers are present. A bundle with only one of its two towers is reported
     * as missing the other, since that is what its owner most likely needs to hear.
     */
    static BundleLayout detect(Path root) {
        for (BundleLayout layout : values()) {
            boolean visual = Files.isRegularFile(root.resolve(layout.visualModel));
            boolean textual = Files.isRegularFile(root.resolve(layout.textualModel));
            if (visual && textual) {
                return layout;
            }
            if (visual || textual) {
                String missing = visual ? layout.textualModel : layout.visualModel;
                throw new BundleException("Missing file " + root.resolve(missing) + ": the " + layout
                        + " layout needs both " + layout.visualModel + " and " + layout.textualModel + ".");
            }
        }
        throw new BundleException(root + " is not a CLIP bundle: expected " + IMMICH.visualModel + " + "
                + IMMICH.textualModel + " + config.json (Immich) or " + HF_OPTIMUM.visualModel + " + "
                + HF_OPTIMUM.textualModel + " + config.json (HF optimum).");
    }
}
