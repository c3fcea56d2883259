package io.clipbatch.core.image;

import java.io.Serializable;

/**
 * Choices about decoding that the model's preprocessing config does not carry.
 *
 * @param exifTranspose apply the EXIF orientation right after decoding, like Pillow's
 *                      {@code ImageOps.exif_transpose}; OpenAI's reference does not, so the default is off
 * @param maxPixels     refuse images whose header announces more than this many pixels (width * height),
 *                      before any pixel is decoded; Pillow refuses above {@code 2 * Image.MAX_IMAGE_PIXELS}
 * @param mode          {@link PreprocessMode#EXACT} (the reference) or {@link PreprocessMode#FAST}
 */
public record PreprocessOptions(boolean exifTranspose, long maxPixels, PreprocessMode mode) implements Serializable {

    /** Pillow's {@code Image.MAX_IMAGE_PIXELS} = {@code int(1024 * 1024 * 1024 // 4 // 3)}. */
    public static final long PILLOW_MAX_IMAGE_PIXELS = 89_478_485L;

    public PreprocessOptions {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
    }

    /** Exact preprocessing with these decoding choices. */
    public PreprocessOptions(boolean exifTranspose, long maxPixels) {
        this(exifTranspose, maxPixels, PreprocessMode.EXACT);
    }

    /** As the reference: no EXIF transpose, Pillow's decompression-bomb limit, exact. */
    public static PreprocessOptions defaults() {
        return new PreprocessOptions(false, 2 * PILLOW_MAX_IMAGE_PIXELS);
    }

    public PreprocessOptions withMode(PreprocessMode newMode) {
        return new PreprocessOptions(exifTranspose, maxPixels, newMode);
    }
}
