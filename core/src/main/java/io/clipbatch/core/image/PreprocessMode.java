package io.clipbatch.core.image;

import java.util.Locale;

/** How faithfully images are preprocessed. */
public enum PreprocessMode {
    /** Pillow + torchvision bit for bit (OpenAI's reference); the default. */
    EXACT,
    /**
     * JPEGs are decoded already shrunk, in the DCT domain, to the smallest scale (k/8) that keeps both
     * sides at least as large as the resize target; then the exact resampler. Several times faster on
     * large photos, and close to exact (see docs/benchmarks.md for the measured embedding distance),
     * but not Pillow's pixels. Uses libjpeg-turbo's TurboJPEG library when it is installed; without
     * it, baseline JPEGs large enough for 1/8 scale go through a pure-Java DC-only decoder; the rest
     * are EXACT.
     */
    FAST;

    /** {@code exact} or {@code fast}. */
    public static PreprocessMode parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "exact":
                return EXACT;
            case "fast":
                return FAST;
            default:
                throw new IllegalArgumentException("unknown preprocess mode '" + name + "' (expected exact or fast)");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
