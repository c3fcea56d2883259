package io.clipbatch.core.image;

/**
 * The EXIF orientation tag (0x0112 in IFD0) and Pillow's {@code ImageOps.exif_transpose} for it.
 * Orientation 1 (or none, or an unreadable EXIF block) leaves the image alone.
 */
final class ExifOrientation {
    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    static PillowImage apply(PillowImage image, byte[] exif) {
        switch (read(exif)) {
            case 2:
                return Transpose.apply(image, Transpose.FLIP_LEFT_RIGHT);
            case 3:
                return Transpose.apply(image, Transpose.ROTATE_180);
            case 4:
                return Transpose.apply(image, Transpose.FLIP_TOP_BOTTOM);
            case 5:
                return Transpose.apply(image, Transpose.TRANSPOSE);
            case 6:
                return Transpose.apply(image, Transpose.ROTATE_270);
            case 7:
                return Transpose.apply(image, Transpose.TRANSVERSE);
            case 8:
                return Transpose.apply(image, Transpose.ROTATE_90);
            default:
                return image;
        }
    }

    /** The orientation value from a TIFF-structured EXIF block (an "Exif\0\0" prefix is skipped), or 1. */
    static int read(byte[] exif) {
        if (exif == null) {
            return 1;
        }
        int base = exif.length >= 6 && exif[0] == 'E' && exif[1] == 'x' && exif[2] == 'i' && exif[3] == 'f' ? 6 : 0;
        if (exif.length < base + 8) {
            return 1;
        }
        boolean little = exif[base] == 'I' && exif[base + 1] == 'I';
        if (!little && !(exif[base] == 'M' && exif[base + 1] == 'M')) {
            return 1;
        }
        long ifd = base + TiffIfd.unsigned(exif, base + 4, 4, little);
        if (ifd + 2 > exif.length) {
            return 1;
        }
        int entries = (int) TiffIfd.unsigned(exif, (int) ifd, 2, little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > exif.length) {
                return 1;
            }
            if (TiffIfd.unsigned(exif, entry, 2, little) == ORIENTATION_TAG) {
                int type = (int) TiffIfd.unsigned(exif, entry + 2, 2, little);
                // SHORT (3) as the standard says; LONG (4) tolerated as Pillow does.
                return (int) TiffIfd.unsigned(exif, entry + 8, type == 4 ? 4 : 2, little);
            }
        }
        return 1;
    }
}
