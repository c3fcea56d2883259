package io.clipbatch.core.image;

/**
 * Palettes as Pillow holds them: 256 entries; a file's palette fills the first entries and the rest keep
 * the grey ramp Pillow initialises every palette with. Also Pillow's tests for "this palette is really
 * just grey", which make GIF and BMP files open as L (or 1) instead of P.
 */
final class Palettes {
    private Palettes() {
    }

    static int[] greyRamp() {
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = (i << 16) | (i << 8) | i;
        }
        return palette;
    }

    /** {@code count} entries stored as R, G, B starting every {@code stride} bytes. */
    static int[] fromRgbTriples(byte[] d, int offset, int count, int stride) {
        int[] palette = greyRamp();
        for (int i = 0; i < Math.min(count, 256); i++) {
            int at = offset + i * stride;
            palette[i] = ((d[at] & 0xFF) << 16) | ((d[at + 1] & 0xFF) << 8) | (d[at + 2] & 0xFF);
        }
        return palette;
    }

    /** Packed 0xRRGGBB entries from java.awt's IndexColorModel-style ARGB ints. */
    static int[] fromArgb(int[] argb, int count) {
        int[] palette = greyRamp();
        for (int i = 0; i < Math.min(count, 256); i++) {
            palette[i] = argb[i] & 0xFFFFFF;
        }
        return palette;
    }

    /** GifImagePlugin {@code _is_palette_needed} is false: entry i is (i, i, i) for every entry present. */
    static boolean isIdentityGrey(int[] palette, int count) {
        for (int i = 0; i < count; i++) {
            if (palette[i] != ((i << 16) | (i << 8) | i)) {
                return false;
            }
        }
        return true;
    }
}
