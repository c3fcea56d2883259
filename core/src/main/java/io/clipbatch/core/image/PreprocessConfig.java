package io.clipbatch.core.image;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The preprocessing a model was trained with. One source of truth: it is read from the bundle
 * ({@code preprocess_cfg.json} or {@code preprocessor_config.json}), never assumed.
 *
 * @param size          side of the square model input, in pixels
 * @param mean          per-channel mean (R, G, B) subtracted after scaling to [0, 1]
 * @param std           per-channel standard deviation (R, G, B)
 * @param interpolation resampling filter name: {@code bicubic} (OpenAI), {@code bilinear} or {@code nearest}
 * @param resizeMode    how the aspect ratio is handled
 * @param fillColor     grey level used to pad in {@link ResizeMode#LONGEST}
 */
public record PreprocessConfig(int size, float[] mean, float[] std, String interpolation,
                               ResizeMode resizeMode, int fillColor) implements Serializable {

    /** OpenAI CLIP's normalisation constants. */
    public static final float[] OPENAI_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] OPENAI_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public PreprocessConfig {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** OpenAI's {@code clip._transform(size)}. */
    public static PreprocessConfig openai(int size) {
        return new PreprocessConfig(size, OPENAI_MEAN, OPENAI_STD, "bicubic", ResizeMode.SHORTEST, 0);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessConfig other && size == other.size
                && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std)
                && interpolation.equals(other.interpolation) && resizeMode == other.resizeMode
                && fillColor == other.fillColor;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(std)) + size + interpolation.hashCode()
                + resizeMode.hashCode() * 7 + fillColor;
    }

    @Override
    public String toString() {
        return "size=" + size + " resize_mode=" + resizeMode.name().toLowerCase() + " interpolation=" + interpolation
                + " mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std) + " fill_color=" + fillColor;
    }
}
