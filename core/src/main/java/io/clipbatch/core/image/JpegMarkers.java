package io.clipbatch.core.image;

/**
 * The JPEG header facts that decide how libjpeg (and so Pillow) interprets the components: frame size
 * and component ids (SOF), JFIF (APP0) and Adobe (APP14) markers, and the EXIF payload (APP1).
 * Read by walking the marker segments up to the first SOS, without decoding anything.
 */
final class JpegMarkers {
    int width;
    int height;
    int[] componentIds = new int[0];
    boolean jfif;
    /** Adobe APP14 colour transform (0 none, 1 YCbCr, 2 YCCK), or -1 when there is no Adobe marker. */
    int adobeTransform = -1;
    /** The TIFF structure from the first APP1 "Exif\0\0" segment, or null. */
    byte[] exif;
    boolean sawFrame;

    static JpegMarkers scan(byte[] d) {
        JpegMarkers m = new JpegMarkers();
        int pos = 2; // after SOI
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xFF) != 0xFF) {
                break; // not a marker where one must be: let the decoder report it
            }
            int marker = d[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                pos += 2; // markers without a length
                continue;
            }
            int length = ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
            int body = pos + 4;
            int bodyLength = Math.min(length - 2, d.length - body);
            if (length < 2 || bodyLength < 0) {
                break;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // SOS: entropy-coded data follows
            }
            m.read(marker, d, body, bodyLength);
            pos = body + length - 2;
        }
        return m;
    }

    private void read(int marker, byte[] d, int body, int length) {
        if (isStartOfFrame(marker) && length >= 6 && !sawFrame) {
            sawFrame = true;
            height = ((d[body + 1] & 0xFF) << 8) | (d[body + 2] & 0xFF);
            width = ((d[body + 3] & 0xFF) << 8) | (d[body + 4] & 0xFF);
            int components = d[body + 5] & 0xFF;
            componentIds = new int[Math.min(components, Math.max(0, (length - 6) / 3))];
            for (int i = 0; i < componentIds.length; i++) {
                componentIds[i] = d[body + 6 + 3 * i] & 0xFF;
            }
        } else if (marker == 0xE0 && length >= 14 && matches(d, body, "JFIF\0")) {
            jfif = true;
        } else if (marker == 0xEE && length >= 12 && matches(d, body, "Adobe")) {
            adobeTransform = d[body + 11] & 0xFF;
        } else if (marker == 0xE1 && exif == null && length > 6 && matches(d, body, "Exif\0\0")) {
            exif = java.util.Arrays.copyOfRange(d, body + 6, body + length);
        }
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean matches(byte[] d, int at, String ascii) {
        if (at + ascii.length() > d.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (d[at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** libjpeg's guess for three components (jdapimin.c): true when they are YCbCr, not RGB. */
    boolean threeComponentsAreYcbcr() {
        if (jfif) {
            return true;
        }
        if (adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        boolean rgbIds = componentIds.length == 3
                && componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
        return !rgbIds;
    }

    /** libjpeg's guess for four components: YCCK only with an Adobe marker whose transform is not 0. */
    boolean fourComponentsAreYcck() {
        return adobeTransform > 0;
    }
}
