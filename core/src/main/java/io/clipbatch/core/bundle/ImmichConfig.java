package io.clipbatch.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.image.ResizeMode;
import java.nio.file.Path;
import java.util.List;

/** Reads an Immich / open_clip bundle: config.json, visual/preprocess_cfg.json, textual/ tokenizer. */
final class ImmichConfig {

    private ImmichConfig() {
    }

    static Bundle read(Path root) {
        Json config = Json.read(root.resolve("config.json"));
        int embedDim = config.intAt("embed_dim");
        int contextLength = config.intAt("text_cfg.context_length", 77);
        PreprocessConfig preprocess = preprocess(Json.read(root.resolve("visual/preprocess_cfg.json")));
        Path tokenizer = TokenizerFiles.find(List.of(root.resolve("textual"), root));
        return new Bundle(root, BundleLayout.IMMICH, preprocess, embedDim, contextLength, tokenizer);
    }

    /** open_clip's preprocess_cfg: size, mode, mean, std, interpolation, resize_mode, fill_color. */
    static PreprocessConfig preprocess(Json cfg) {
        String mode = cfg.textAt("mode", "RGB");
        if (!mode.equals("RGB")) {
            throw cfg.wrong("mode", "is '" + mode + "' but only RGB models are supported");
        }
        String interpolation = cfg.textAt("interpolation", "bicubic");
        if (!List.of("bicubic", "bilinear", "nearest").contains(interpolation)) {
            throw cfg.wrong("interpolation", "is '" + interpolation + "' (expected bicubic, bilinear or nearest)");
        }
        ResizeMode resizeMode;
        try {
            resizeMode = ResizeMode.parse(cfg.textAt("resize_mode", "shortest"));
        } catch (IllegalArgumentException e) {
            throw cfg.wrong("resize_mode", "is unknown (expected shortest, squash or longest)");
        }
        return new PreprocessConfig(squareSize(cfg), cfg.rgbAt("mean"), cfg.rgbAt("std"), interpolation,
                resizeMode, cfg.intAt("fill_color", 0));
    }

    private static int squareSize(Json cfg) {
        JsonNode size = cfg.find("size");
        if (size != null && size.canConvertToInt()) {
            return positive(cfg, size.intValue());
        }
        if (size != null && size.isArray() && size.size() == 2 && size.get(0).canConvertToInt()
                && size.get(0).intValue() == size.get(1).intValue()) {
            return positive(cfg, size.get(0).intValue());
        }
        throw cfg.wrong("size", size == null ? "is missing" : "is not one number or two equal numbers");
    }

    private static int positive(Json cfg, int size) {
        if (size <= 0) {
            throw cfg.wrong("size", "is not positive");
        }
        return size;
    }
}
