package io.clipbatch.core.image;

/**
 * How far a JPEG may be shrunk in the DCT domain while it is decoded: libjpeg can produce k/8 of the
 * size (k = 1..8) for a fraction of the work. Fast mode picks the smallest k that keeps both sides at
 * least as large as the resize that follows will make them, so the exact resampler still only shrinks.
 */
final class JpegScale {
    /** Exact mode: always the full size. */
    static final JpegScale FULL = new JpegScale(0, null);

    private final int size;
    private final ResizeMode mode;

    private JpegScale(int size, ResizeMode mode) {
        this.size = size;
        this.mode = mode;
    }

    /** For a resize to target side {@code size} in {@code mode} (the model's preprocessing). */
    static JpegScale forResize(int size, ResizeMode mode) {
        return new JpegScale(size, mode);
    }

    /** Whether this scale shrinks every image exactly as {@code other} does. */
    boolean sameAs(JpegScale other) {
        return size == other.size && mode == other.mode;
    }

    /** The scale, in eighths, for an image of {@code width} x {@code height}. */
    int eighths(int width, int height) {
        if (mode == null) {
            return 8;
        }
        int[] target;
        try {
            target = ResizeGeometry.resizedSize(width, height, size, mode);
        } catch (ImageException e) {
            return 8; // the resize will refuse the image anyway; decode it as it is
        }
        for (int k = 1; k < 8; k++) {
            if (TurboJpeg.scaled(width, k) >= target[0] && TurboJpeg.scaled(height, k) >= target[1]) {
                return k;
            }
        }
        return 8;
    }
}
