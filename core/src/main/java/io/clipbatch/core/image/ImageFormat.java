package io.clipbatch.core.image;

/**
 * Container formats, recognised from the first bytes as Pillow does (never from a file name: collections
 * are full of PNGs called .jpg and error pages saved as images).
 */
enum ImageFormat {
    /** Decoded (TIFF: the first page, in the layouts {@link TiffDecoder} lists). */
    JPEG, PNG, GIF, BMP, WEBP, TIFF,
    /** Formats Pillow opens but this decoder does not (ICO, PPM, ...): refused with their name. */
    ICO, PNM, PSD, JPEG2000, HEIF, AVIF,
    UNKNOWN;

    static ImageFormat sniff(byte[] d) {
        if (startsWith(d, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(d, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(d, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(d, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return GIF;
        }
        if (startsWith(d, 0, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(d, 0, 'R', 'I', 'F', 'F') && startsWith(d, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        if (startsWith(d, 0, 'I', 'I', 42, 0) || startsWith(d, 0, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (startsWith(d, 0, 0, 0, 1, 0)) {
            return ICO;
        }
        if (d.length > 2 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6' && Character.isWhitespace(d[2])) {
            return PNM;
        }
        if (startsWith(d, 0, '8', 'B', 'P', 'S')) {
            return PSD;
        }
        if (startsWith(d, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(d, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return JPEG2000;
        }
        if (startsWith(d, 4, 'f', 't', 'y', 'p')) {
            return startsWith(d, 8, 'a', 'v', 'i', 'f') ? AVIF : HEIF;
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
