package io.clipbatch.core.image;

/**
 * libjpeg's colour conversions (jdcolor.c), in its exact 16-bit fixed point, so that decoding the raw
 * components ourselves gives what libjpeg-turbo gives Pillow: YCbCr to RGB, and YCCK to CMYK (the
 * YCbCr part converted, then inverted; K passes through).
 */
final class JpegColor {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_TO_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_TO_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_TO_G[i] = -fix(0.71414) * x;
            CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegColor() {
    }

    private static int fix(double v) {
        return (int) (v * (1L << SCALE_BITS) + 0.5);
    }

    /** In place: {@code pixels} interleaved triples of Y, Cb, Cr become R, G, B. */
    static void ycbcrToRgb(byte[] pixels) {
        for (int p = 0; p < pixels.length; p += 3) {
            int y = pixels[p] & 0xFF;
            int cb = pixels[p + 1] & 0xFF;
            int cr = pixels[p + 2] & 0xFF;
            pixels[p] = clamp(y + CR_TO_R[cr]);
            pixels[p + 1] = clamp(y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS));
            pixels[p + 2] = clamp(y + CB_TO_B[cb]);
        }
    }

    /** In place: interleaved Y, Cb, Cr, K become C, M, Y, K as libjpeg's {@code ycck_cmyk_convert}. */
    static void ycckToCmyk(byte[] pixels) {
        for (int p = 0; p < pixels.length; p += 4) {
            int y = pixels[p] & 0xFF;
            int cb = pixels[p + 1] & 0xFF;
            int cr = pixels[p + 2] & 0xFF;
            pixels[p] = clamp(255 - (y + CR_TO_R[cr]));
            pixels[p + 1] = clamp(255 - (y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS)));
            pixels[p + 2] = clamp(255 - (y + CB_TO_B[cb]));
        }
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
