package io.clipbatch.core.image;

/**
 * Pillow's {@code Image.transpose} methods (Geometry.c): flips and quarter turns, pixel for pixel.
 * ROTATE_90 turns counter-clockwise, ROTATE_270 clockwise, TRANSVERSE mirrors across the anti-diagonal.
 */
enum Transpose {
    FLIP_LEFT_RIGHT, FLIP_TOP_BOTTOM, ROTATE_90, ROTATE_180, ROTATE_270, TRANSPOSE, TRANSVERSE;

    boolean swapsAxes() {
        return this == ROTATE_90 || this == ROTATE_270 || this == TRANSPOSE || this == TRANSVERSE;
    }

    /** Index of the input pixel that lands on output (x, y); w and h are the input's size. */
    private int source(int x, int y, int w, int h) {
        switch (this) {
            case FLIP_LEFT_RIGHT:
                return y * w + (w - 1 - x);
            case FLIP_TOP_BOTTOM:
                return (h - 1 - y) * w + x;
            case ROTATE_90:
                return x * w + (w - 1 - y);
            case ROTATE_180:
                return (h - 1 - y) * w + (w - 1 - x);
            case ROTATE_270:
                return (h - 1 - x) * w + y;
            case TRANSPOSE:
                return x * w + y;
            default: // TRANSVERSE
                return (h - 1 - x) * w + (w - 1 - y);
        }
    }

    static PillowImage apply(PillowImage image, Transpose op) {
        int w = image.width();
        int h = image.height();
        int outW = op.swapsAxes() ? h : w;
        int outH = op.swapsAxes() ? w : h;
        if (image.mode() == PillowMode.I) {
            int[] src = image.ints();
            int[] dst = new int[src.length];
            for (int y = 0, o = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    dst[o++] = src[op.source(x, y, w, h)];
                }
            }
            return image.withPixels(outW, outH, null, dst);
        }
        int bands = image.mode().bands();
        byte[] src = image.samples();
        byte[] dst = new byte[src.length];
        for (int y = 0, o = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++, o += bands) {
                System.arraycopy(src, op.source(x, y, w, h) * bands, dst, o, bands);
            }
        }
        return image.withPixels(outW, outH, dst, null);
    }
}
