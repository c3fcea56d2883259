package io.clipbatch.core.image;

import java.util.Locale;

/** Pillow's resampling filters that CLIP preprocessing configs name, with Pillow's kernels and supports. */
public enum ResampleFilter {
    /** Pillow resizes with NEAREST through its affine nearest path, not the convolution. */
    NEAREST(0.0),
    BILINEAR(1.0),
    /** Keys' cubic with a = -0.5, as Pillow's {@code bicubic_filter}. */
    BICUBIC(2.0);

    private static final double CUBIC_A = -0.5;

    private final double support;

    ResampleFilter(double support) {
        this.support = support;
    }

    /** The config's interpolation name: {@code bicubic}, {@code bilinear} or {@code nearest}. */
    public static ResampleFilter parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "bicubic":
                return BICUBIC;
            case "bilinear":
                return BILINEAR;
            case "nearest":
                return NEAREST;
            default:
                throw new IllegalArgumentException(
                        "unknown interpolation '" + name + "' (expected bicubic, bilinear or nearest)");
        }
    }

    /** Half-width of the kernel at scale 1. */
    double support() {
        return support;
    }

    /** The kernel value at distance x, written exactly as Pillow's C so the doubles round the same way. */
    double weight(double x) {
        if (x < 0.0) {
            x = -x;
        }
        switch (this) {
            case BILINEAR:
                return x < 1.0 ? 1.0 - x : 0.0;
            case BICUBIC:
                if (x < 1.0) {
                    return ((CUBIC_A + 2.0) * x - (CUBIC_A + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * CUBIC_A;
                }
                return 0.0;
            default:
                throw new IllegalStateException("NEAREST has no convolution kernel");
        }
    }
}
