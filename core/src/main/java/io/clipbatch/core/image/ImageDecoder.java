package io.clipbatch.core.image;

/**
 * Encoded bytes to a {@link PillowImage} in the mode Pillow 9.4's {@code Image.open} gives that file,
 * with the pixel values Pillow would decode. Every failure is an {@link ImageException} with a short
 * reason; the pixel count is checked against the limit from the header, before any pixel is decoded.
 */
final class ImageDecoder {
    /** A decoded image and its EXIF (TIFF) block, or null when the file has none. */
    record Decoded(PillowImage image, byte[] exif) {
    }

    private ImageDecoder() {
    }

    static Decoded decode(byte[] data, long maxPixels) throws ImageException {
        return decode(data, maxPixels, JpegScale.FULL);
    }

    /** As {@link #decode(byte[], long)}, letting JPEGs be decoded shrunk as far as {@code jpegScale} allows. */
    static Decoded decode(byte[] data, long maxPixels, JpegScale jpegScale) throws ImageException {
        if (data == null || data.length == 0) {
            throw new ImageException("decode: empty file");
        }
        ImageFormat format = ImageFormat.sniff(data);
        try {
            switch (format) {
                case JPEG:
                    return JpegDecoder.decode(data, maxPixels, jpegScale);
                case PNG:
                    return PngDecoder.decode(data, maxPixels);
                case GIF:
                    return GifDecoder.decode(data, maxPixels);
                case BMP:
                    return BmpDecoder.decode(data, maxPixels);
                case WEBP:
                    return WebpDecoder.decode(data, maxPixels);
                case TIFF:
                    return TiffDecoder.decode(data, maxPixels);
                case UNKNOWN:
                    throw new ImageException("decode: unknown image format");
                default:
                    throw new ImageException("decode: unsupported image format " + format.name());
            }
        } catch (ImageException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new ImageException("decode: out of memory for " + format.name().toLowerCase());
        } catch (Exception e) {
            // Codecs throw a zoo of runtime exceptions on corrupt input; they are a bad file, not a bug here.
            throw new ImageException("decode: corrupt " + format.name() + " (" + shortMessage(e) + ")");
        }
    }

    /** Pillow's decompression-bomb guard, from header dimensions only. */
    static void checkPixels(long width, long height, long maxPixels) throws ImageException {
        if (width <= 0 || height <= 0) {
            throw new ImageException("decode: invalid image size " + width + "x" + height);
        }
        if (width * height > maxPixels) {
            throw new ImageException("decode: too many pixels (" + width + "x" + height + " > " + maxPixels + ")");
        }
    }

    static String shortMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 80 ? message.substring(0, 80) : message;
    }
}
