package io.clipbatch.core.image;

/**
 * Pillow's "La"/"RGBa" round trip around resampling images with alpha (Convert.c {@code rgbA2rgba} and
 * {@code rgba2rgbA}): colour is multiplied by alpha with MULDIV255 before the filter and divided back
 * with integer arithmetic after, so transparent pixels do not bleed their colour into their neighbours.
 * The image keeps its mode name ({@code LA}/{@code RGBA}) while premultiplied; only this class sees it so.
 */
final class Premultiplied {
    private Premultiplied() {
    }

    static PillowImage premultiply(PillowImage image) {
        int bands = image.mode().bands();
        byte[] src = image.samples();
        byte[] dst = new byte[src.length];
        for (int p = 0; p < src.length; p += bands) {
            int alpha = src[p + bands - 1] & 0xFF;
            for (int b = 0; b < bands - 1; b++) {
                dst[p + b] = (byte) mulDiv255(src[p + b] & 0xFF, alpha);
            }
            dst[p + bands - 1] = (byte) alpha;
        }
        return image.withPixels(image.width(), image.height(), dst, null);
    }

    static PillowImage unpremultiply(PillowImage image) {
        int bands = image.mode().bands();
        byte[] src = image.samples();
        byte[] dst = new byte[src.length];
        for (int p = 0; p < src.length; p += bands) {
            int alpha = src[p + bands - 1] & 0xFF;
            for (int b = 0; b < bands - 1; b++) {
                int v = src[p + b] & 0xFF;
                dst[p + b] = (byte) (alpha == 0 || alpha == 255 ? v : Math.min(255 * v / alpha, 255));
            }
            dst[p + bands - 1] = (byte) alpha;
        }
        return image.withPixels(image.width(), image.height(), dst, null);
    }

    /** Pillow's MULDIV255: a * b / 255 rounded, in integers. */
    static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }
}
