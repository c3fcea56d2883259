package io.clipbatch.core.image;

/**
 * Pillow's {@code image.convert("RGB")} from each mode (Convert.c), the last step before ToTensor:
 * bilevel to 0/255, grey to three equal channels, palette lookup, int clipped to 0..255, alpha (and RGBX's padding) dropped
 * (not composited), CMYK through Pillow's {@code cmyk2rgb}.
 */
final class RgbConversion {
    private RgbConversion() {
    }

    static PillowImage toRgb(PillowImage image) {
        PillowMode mode = image.mode();
        if (mode == PillowMode.RGB) {
            return image;
        }
        int pixels = image.width() * image.height();
        byte[] rgb = new byte[pixels * 3];
        byte[] src = image.samples();
        int bands = mode.bands();
        for (int i = 0, o = 0; i < pixels; i++, o += 3) {
            switch (mode) {
                case BILEVEL:
                    fill(rgb, o, src[i] != 0 ? 255 : 0);
                    break;
                case L:
                case LA:
                    fill(rgb, o, src[i * bands] & 0xFF);
                    break;
                case I:
                    fill(rgb, o, Math.max(0, Math.min(image.ints()[i], 255)));
                    break;
                case P: {
                    int entry = image.palette()[src[i] & 0xFF];
                    rgb[o] = (byte) (entry >> 16);
                    rgb[o + 1] = (byte) (entry >> 8);
                    rgb[o + 2] = (byte) entry;
                    break;
                }
                case RGBA:
                case RGBX:
                    System.arraycopy(src, i * 4, rgb, o, 3);
                    break;
                case CMYK:
                    cmykToRgb(src, i * 4, rgb, o);
                    break;
                default:
                    throw new IllegalStateException("no RGB conversion for mode " + mode.pillowName());
            }
        }
        return PillowImage.ofBytes(PillowMode.RGB, image.width(), image.height(), rgb);
    }

    private static void fill(byte[] rgb, int o, int v) {
        rgb[o] = (byte) v;
        rgb[o + 1] = (byte) v;
        rgb[o + 2] = (byte) v;
    }

    /** Pillow 9.4's {@code cmyk2rgb}: channel = (255 - K) - MULDIV255(C, 255 - K). */
    private static void cmykToRgb(byte[] cmyk, int i, byte[] rgb, int o) {
        int notK = 255 - (cmyk[i + 3] & 0xFF);
        for (int c = 0; c < 3; c++) {
            int v = notK - Premultiplied.mulDiv255(cmyk[i + c] & 0xFF, notK);
            rgb[o + c] = (byte) Math.max(0, Math.min(v, 255));
        }
    }
}
