package io.clipbatch.udfs.image;

import java.io.Serializable;

/**
 * Choices about decoding that the model's preprocessing config does not carry.
 *
 * @param exifTranspose apply the EXIF orientation right after decoding, like Pillow's
 *                      {@code ImageOps.exif_transpose}; OpenAI's reference does not, so the default is off
 * @param maxPixels     refuse images whose header announces more than this many pixels (width * height),
 *                      before any pixel is decoded; Pillow refuses above {@code 2 * Image.MAX_IMAGE_PIXELS}
 */
public record PreprocessOptions(boolean exifTranspose, long maxPixels) implements Serializable {

    /** Pillow's {@code Image.MAX_IMAGE_PIXELS} = {@code int(1024 * 1024 * 1024 // 4 // 3)}. */
    public static final long PILLOW_MAX_IMAGE_PIXELS = 89_478_485L;

    public PreprocessOptions {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /** As the reference: no EXIF transpose, Pillow's decompression-bomb limit. */
    public static PreprocessOptions defaults() {
        return new PreprocessOptions(false, 2 * PILLOW_MAX_IMAGE_PIXELS);
    }
}
