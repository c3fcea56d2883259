package io.clipbatch.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * WebP (first frame) as Pillow 9.4 opens it: RGBA when the bitstream says it has alpha, else RGB.
 * Pixels come from libwebp itself when it is installed ({@link LibWebp}): every file is then exact. Without
 * it they come from TwelveMonkeys' pure-Java decoder: lossless files are exact; lossy files differ from
 * libwebp in their VP8 reconstruction, within the bounds the golden tests enforce
 * ({@code WebpFallbackTest}).
 */
final class WebpDecoder {
    private WebpDecoder() {
    }

    static ImageDecoder.Decoded decode(byte[] data, long maxPixels) throws ImageException, java.io.IOException {
        // libwebp's demuxer (Pillow's decoder) wants the whole RIFF; the Java decoder would take less.
        long riffEnd = 8 + ((data[4] & 0xFFL) | (data[5] & 0xFFL) << 8 | (data[6] & 0xFFL) << 16 | (data[7] & 0xFFL) << 24);
        if (data.length < riffEnd) {
            throw new ImageException("decode: truncated WebP");
        }
        Riff riff = Riff.scan(data);
        if (LibWebp.available()) {
            return new ImageDecoder.Decoded(LibWebp.decode(data, maxPixels), riff.exif);
        }
        return new ImageDecoder.Decoded(decodeWithImageIo(data, riff, maxPixels), riff.exif);
    }

    /** The pure-Java path, whatever is installed (tests measure it against Pillow). */
    static PillowImage decodeWithImageIo(byte[] data, long maxPixels) throws ImageException, java.io.IOException {
        return decodeWithImageIo(data, Riff.scan(data), maxPixels);
    }

    private static PillowImage decodeWithImageIo(byte[] data, Riff riff, long maxPixels)
            throws ImageException, java.io.IOException {
        BufferedImage image;
        try (ImageIoReading reading = ImageIoReading.open("webp", data)) {
            ImageDecoder.checkPixels(reading.reader().getWidth(0), reading.reader().getHeight(0), maxPixels);
            image = reading.reader().read(0);
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int outBands = riff.hasAlpha && bands == 4 ? 4 : 3;
        if (image.getColorModel().isAlphaPremultiplied()) {
            throw new ImageException("decode: unsupported premultiplied WebP raster");
        }
        byte[] pixels = ImageIoReading.interleavedBytes(raster, outBands);
        if (outBands == 4 && riff.alpha != null && WebpRawAlpha.isRaw(riff.alpha)) {
            replaceAlpha(pixels, WebpRawAlpha.plane(riff.alpha, raster.getWidth(), raster.getHeight()));
        }
        PillowMode mode = outBands == 4 ? PillowMode.RGBA : PillowMode.RGB;
        return PillowImage.ofBytes(mode, raster.getWidth(), raster.getHeight(), pixels);
    }

    private static void replaceAlpha(byte[] rgba, byte[] plane) throws ImageException {
        if (plane == null) {
            throw new ImageException("decode: corrupt WEBP (alpha chunk too short)");
        }
        for (int i = 0; i < plane.length; i++) {
            rgba[4 * i + 3] = plane[i];
        }
    }

    /** The RIFF chunks that matter: whether libwebp would report alpha, the alpha chunk and the EXIF chunk. */
    private static final class Riff {
        boolean hasAlpha;
        boolean extended;
        byte[] alpha;
        byte[] exif;

        static Riff scan(byte[] d) {
            Riff riff = new Riff();
            int pos = 12;
            while (pos + 8 <= d.length) {
                String type = new String(d, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                long size = (d[pos + 4] & 0xFFL) | (d[pos + 5] & 0xFFL) << 8 | (d[pos + 6] & 0xFFL) << 16
                        | (d[pos + 7] & 0xFFL) << 24;
                int body = pos + 8;
                if (size > d.length - body) {
                    break;
                }
                if (type.equals("VP8X") && size >= 1) {
                    riff.hasAlpha = (d[body] & 0x10) != 0;
                    riff.extended = true; // the extended header's flag is the one libwebp reports
                } else if (type.equals("VP8L") && size >= 5 && !riff.extended) {
                    riff.hasAlpha = (d[body + 4] & 0x10) != 0; // alpha_is_used: bit 28 after the signature
                } else if (type.equals("ALPH") && riff.alpha == null) {
                    riff.alpha = java.util.Arrays.copyOfRange(d, body, body + (int) size);
                } else if (type.equals("EXIF") && riff.exif == null) {
                    riff.exif = java.util.Arrays.copyOfRange(d, body, body + (int) size);
                }
                pos = body + (int) ((size + 1) & ~1L);
            }
            return riff;
        }
    }
}
