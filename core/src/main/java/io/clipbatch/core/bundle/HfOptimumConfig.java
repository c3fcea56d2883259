package io.clipbatch.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.image.ResizeMode;
import java.nio.file.Path;
import java.util.List;

/** Reads a Hugging Face optimum split export: config.json, preprocessor_config.json, vocab files. */
final class HfOptimumConfig {

    private static final float RESCALE_1_255 = 1f / 255f;

    private HfOptimumConfig() {
    }

    static Bundle read(Path root) {
        Json config = Json.read(root.resolve("config.json"));
        int embedDim = config.find("projection_dim") != null
                ? config.intAt("projection_dim") : config.intAt("text_config.projection_dim");
        int contextLength = config.intAt("text_config.max_position_embeddings", 77);
        PreprocessConfig preprocess = preprocess(Json.read(root.resolve("preprocessor_config.json")));
        Path tokenizer = TokenizerFiles.find(List.of(root, root.resolve("onnx")));
        return new Bundle(root, BundleLayout.HF_OPTIMUM, preprocess, embedDim, contextLength, tokenizer);
    }

    /**
     * CLIPImageProcessor's fields. Only what PreprocessConfig can express is accepted: resize the
     * short side to S and centre-crop S (OpenAI), or resize straight to S x S without cropping.
     */
    static PreprocessConfig preprocess(Json cfg) {
        if (!cfg.boolAt("do_resize", true)) {
            throw cfg.wrong("do_resize", "is false, but the model needs a fixed input size");
        }
        if (cfg.boolAt("do_rescale", true) && Math.abs(rescaleFactor(cfg) - RESCALE_1_255) > 1e-9) {
            throw cfg.wrong("rescale_factor", "is not 1/255");
        }
        boolean normalize = cfg.boolAt("do_normalize", true);
        float[] mean = normalize ? rgbOrOpenAi(cfg, "image_mean", PreprocessConfig.OPENAI_MEAN) : new float[3];
        float[] std = normalize ? rgbOrOpenAi(cfg, "image_std", PreprocessConfig.OPENAI_STD) : new float[] {1, 1, 1};
        return new PreprocessConfig(size(cfg), mean, std, interpolation(cfg), resizeMode(cfg), 0);
    }

    private static int size(Json cfg) {
        JsonNode size = cfg.find("size");
        int resized = side(cfg, "size", size);
        if (!cfg.boolAt("do_center_crop", true)) {
            if (size != null && size.has("shortest_edge")) {
                throw cfg.wrong("do_center_crop", "is false with size.shortest_edge, which gives non-square inputs");
            }
            return resized;
        }
        int cropped = side(cfg, "crop_size", cfg.find("crop_size"));
        if (cropped != resized) {
            throw cfg.wrong("crop_size", "(" + cropped + ") differs from size (" + resized
                    + "), and resize-then-crop to another size is not supported");
        }
        return cropped;
    }

    /** Shortest side and crop both S: OpenAI's transform; a plain height x width resize: squash. */
    private static ResizeMode resizeMode(Json cfg) {
        JsonNode size = cfg.find("size");
        boolean fixedBox = size != null && size.has("height");
        return fixedBox ? ResizeMode.SQUASH : ResizeMode.SHORTEST;
    }

    /** An int, {shortest_edge: S}, or {height: S, width: S}. */
    private static int side(Json cfg, String field, JsonNode node) {
        if (node != null && node.canConvertToInt() && node.intValue() > 0) {
            return node.intValue();
        }
        if (node != null && node.has("shortest_edge") && node.get("shortest_edge").canConvertToInt()) {
            return node.get("shortest_edge").intValue();
        }
        if (node != null && node.has("height") && node.has("width")
                && node.get("height").intValue() == node.get("width").intValue() && node.get("height").intValue() > 0) {
            return node.get("height").intValue();
        }
        throw cfg.wrong(field, node == null ? "is missing" : "is not a size, {shortest_edge} or a square {height, width}");
    }

    private static String interpolation(Json cfg) {
        int resample = cfg.intAt("resample", 3);
        return switch (resample) {
            case 0 -> "nearest";
            case 2 -> "bilinear";
            case 3 -> "bicubic";
            default -> throw cfg.wrong("resample", "is " + resample + " (expected 3 bicubic, 2 bilinear or 0 nearest)");
        };
    }

    private static double rescaleFactor(Json cfg) {
        JsonNode node = cfg.find("rescale_factor");
        return node == null ? RESCALE_1_255 : node.doubleValue();
    }

    private static float[] rgbOrOpenAi(Json cfg, String field, float[] openAi) {
        return cfg.find(field) == null ? openAi : cfg.rgbAt(field);
    }
}
