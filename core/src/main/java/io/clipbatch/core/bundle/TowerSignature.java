package io.clipbatch.core.bundle;

import java.util.List;

/**
 * How to find the image, token-id, attention-mask and embedding tensors among a tower's inputs
 * and outputs. One set of rules, used both when a bundle is checked from its files and when a
 * session reads the graph through ONNX Runtime.
 */
public final class TowerSignature {

    /** Names exporters give the projected embedding, in order of preference. */
    public static final List<String> EMBEDDING_NAMES = List.of("embedding", "image_embeds", "text_embeds", "embeddings");
    public static final List<String> IMAGE_NAMES = List.of("image", "pixel_values", "input");
    public static final List<String> TEXT_NAMES = List.of("text", "input_ids", "input");
    public static final String ATTENTION_MASK = "attention_mask";

    private TowerSignature() {
    }

    /**
     * The output named as an embedding, else the only 2-D output {@code embedDim} wide (any 2-D
     * output when {@code embedDim} is unknown, i.e. not positive); null when none qualifies.
     */
    public static TensorSpec embeddingOutput(List<TensorSpec> outputs, int embedDim) {
        TensorSpec named = byName(outputs, EMBEDDING_NAMES);
        if (named != null) {
            return named;
        }
        List<TensorSpec> candidates = outputs.stream()
                .filter(o -> o.rank() == 2 && (embedDim <= 0 || o.dim(1) == embedDim))
                .toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    /** The [N, 3, H, W] pixel input: by name, else the first 4-D input; null when none. */
    public static TensorSpec imageInput(List<TensorSpec> inputs) {
        TensorSpec named = byName(inputs, IMAGE_NAMES);
        return named != null ? named : inputs.stream().filter(i -> i.rank() == 4).findFirst().orElse(null);
    }

    /** The [N, L] token-id input: by name, else the first 2-D input that is not the mask; null when none. */
    public static TensorSpec textInput(List<TensorSpec> inputs) {
        TensorSpec named = byName(inputs, TEXT_NAMES);
        return named != null ? named : inputs.stream()
                .filter(i -> i.rank() == 2 && !i.name().equals(ATTENTION_MASK)).findFirst().orElse(null);
    }

    /** The HF-style padding mask, when the graph takes one. */
    public static TensorSpec attentionMask(List<TensorSpec> inputs) {
        return byName(inputs, List.of(ATTENTION_MASK));
    }

    /** The embedding's width as the graph declares it, or -1 when symbolic. */
    public static long width(TensorSpec output) {
        return output.rank() == 0 ? -1 : output.dim(output.rank() - 1);
    }

    private static TensorSpec byName(List<TensorSpec> tensors, List<String> names) {
        for (String name : names) {
            for (TensorSpec tensor : tensors) {
                if (tensor.name().equals(name)) {
                    return tensor;
                }
            }
        }
        return null;
    }
}
