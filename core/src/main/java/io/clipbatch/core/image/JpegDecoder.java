package io.clipbatch.core.image;

import java.awt.image.Raster;

/**
 * JPEG as Pillow opens it: mode from the component count (1 L, 3 RGB, 4 CMYK), colour conversion done
 * the libjpeg way on raw components (read with {@code readRaster}, so no ICC profile or Java colour
 * management touches the values), CMYK inverted (Pillow reads 4-component JPEGs as "CMYK;I"), and a
 * file that ends before its data does refused like Pillow's "image file is truncated".
 *
 * <p>Grey and three-component files go through libjpeg-turbo ({@link TurboJpeg}) when it is installed:
 * the same pixels several times faster, and fast mode's shrunk decoding. Without it, fast mode still
 * shrinks the largest files (1/8, from their DC coefficients: {@link JpegDcDecoder}). Anything else,
 * and anything those two cannot decode cleanly, goes through ImageIO as described above.
 */
final class JpegDecoder {
    private JpegDecoder() {
    }

    static ImageDecoder.Decoded decode(byte[] data, long maxPixels, JpegScale scale) throws ImageException {
        JpegMarkers markers = JpegMarkers.scan(data);
        if (!markers.sawFrame) {
            throw new ImageException(endsEarly(data) ? "decode: truncated JPEG" : "decode: corrupt JPEG (no frame header)");
        }
        ImageDecoder.checkPixels(markers.width, markers.height, maxPixels);
        int components = markers.componentIds.length;
        if (components == 1 || components == 3) {
            int eighths = scale.eighths(markers.width, markers.height);
            PillowImage image = null;
            if (TurboJpeg.available()) {
                image = TurboJpeg.decode(data, markers.width, markers.height, components, eighths);
            } else if (eighths == 1) {
                image = JpegDcDecoder.decode(data, markers);
            }
            if (image != null) {
                return new ImageDecoder.Decoded(image, markers.exif);
            }
        }
        return decodeWithImageIo(data, markers);
    }

    /** The pure-Java path (the JDK's libjpeg behind ImageIO), always at full size. */
    static ImageDecoder.Decoded decodeWithImageIo(byte[] data, JpegMarkers markers) throws ImageException {
        Raster raster;
        try (ImageIoReading reading = ImageIoReading.open("jpeg", data)) {
            try {
                raster = reading.reader().readRaster(0, null);
            } catch (java.io.IOException | RuntimeException e) {
                if (endsEarly(data) || truncationWarned(reading)) {
                    throw new ImageException("decode: truncated JPEG");
                }
                throw new ImageException("decode: corrupt JPEG (" + ImageDecoder.shortMessage(e) + ")");
            }
            if (truncationWarned(reading)) {
                throw new ImageException("decode: truncated JPEG");
            }
        }
        return new ImageDecoder.Decoded(toPillow(raster, markers), markers.exif);
    }

    private static PillowImage toPillow(Raster raster, JpegMarkers markers) throws ImageException {
        int bands = raster.getNumBands();
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] pixels = ImageIoReading.interleavedBytes(raster, bands);
        switch (bands) {
            case 1:
                return PillowImage.ofBytes(PillowMode.L, width, height, pixels);
            case 3:
                if (markers.threeComponentsAreYcbcr()) {
                    JpegColor.ycbcrToRgb(pixels);
                }
                return PillowImage.ofBytes(PillowMode.RGB, width, height, pixels);
            case 4:
                if (markers.fourComponentsAreYcck()) {
                    JpegColor.ycckToCmyk(pixels);
                }
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = (byte) ~pixels[i]; // Pillow's "CMYK;I": assumes Adobe's inverted CMYK
                }
                return PillowImage.ofBytes(PillowMode.CMYK, width, height, pixels);
            default:
                throw new ImageException("decode: unsupported JPEG with " + bands + " components");
        }
    }

    /** libjpeg only warns about missing data and pads with grey; Pillow refuses such files. */
    private static boolean truncationWarned(ImageIoReading reading) {
        for (String warning : reading.warnings()) {
            String w = warning.toLowerCase(java.util.Locale.ROOT);
            if (w.contains("truncated") || w.contains("premature end")) {
                return true;
            }
        }
        return false;
    }

    /** No EOI marker at the end (a few trailing bytes of padding are tolerated). */
    private static boolean endsEarly(byte[] data) {
        for (int i = data.length - 2; i >= Math.max(0, data.length - 64); i--) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xD9) {
                return false;
            }
        }
        return true;
    }
}
