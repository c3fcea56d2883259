package io.clipbatch.core.image;

/**
 * The alpha plane of a lossy WebP whose {@code ALPH} chunk is stored uncompressed (libwebp writes it so when
 * compressing does not pay, as for noisy alpha). TwelveMonkeys misreads that layout, so the pure-Java path
 * takes the plane from here: raw bytes, then the chunk's prediction filter undone as libwebp's
 * {@code filters.c} does it.
 */
final class WebpRawAlpha {
    private static final int FILTER_HORIZONTAL = 1;
    private static final int FILTER_VERTICAL = 2;
    private static final int FILTER_GRADIENT = 3;

    private WebpRawAlpha() {
    }

    /** Whether the chunk body (header byte first) holds an uncompressed plane. */
    static boolean isRaw(byte[] chunk) {
        return chunk.length > 0 && (chunk[0] & 0x03) == 0;
    }

    /** The width x height plane of an uncompressed chunk, or null when the chunk is too short for it. */
    static byte[] plane(byte[] chunk, int width, int height) {
        long pixels = (long) width * height;
        if (!isRaw(chunk) || chunk.length - 1 < pixels) {
            return null;
        }
        int filter = (chunk[0] >> 2) & 0x03;
        byte[] out = new byte[(int) pixels];
        for (int y = 0; y < height; y++) {
            unfilterRow(filter, chunk, 1 + y * width, out, y * width, y == 0 ? -1 : (y - 1) * width, width);
        }
        return out;
    }

    /** One row; {@code prev} is the offset of the row above in {@code out}, or -1 for the first row. */
    private static void unfilterRow(int filter, byte[] in, int at, byte[] out, int to, int prev, int width) {
        if (filter == 0) {
            System.arraycopy(in, at, out, to, width);
        } else if (filter == FILTER_HORIZONTAL || prev < 0) {
            int left = prev < 0 ? 0 : out[prev] & 0xFF;
            for (int i = 0; i < width; i++) {
                left = (left + in[at + i]) & 0xFF;
                out[to + i] = (byte) left;
            }
        } else if (filter == FILTER_VERTICAL) {
            for (int i = 0; i < width; i++) {
                out[to + i] = (byte) (out[prev + i] + in[at + i]);
            }
        } else if (filter == FILTER_GRADIENT) {
            int left = out[prev] & 0xFF;
            int topLeft = left;
            for (int i = 0; i < width; i++) {
                int top = out[prev + i] & 0xFF;
                int predicted = Math.min(255, Math.max(0, left + top - topLeft));
                left = (predicted + in[at + i]) & 0xFF;
                topLeft = top;
                out[to + i] = (byte) left;
            }
        }
    }
}
