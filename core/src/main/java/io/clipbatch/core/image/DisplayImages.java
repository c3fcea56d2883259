package io.clipbatch.core.image;

import java.awt.image.BufferedImage;

/**
 * Encoded bytes to an RGB {@link BufferedImage} for showing to people (thumbnails on result pages):
 * the same decoders as the model's preprocessing, so every format and every failure reason is the
 * one {@code score} gives, with the EXIF orientation applied because people expect photos upright.
 */
public final class DisplayImages {
    private DisplayImages() {
    }

    /**
     * The image, at least {@code longestSide} on its longer side when it has that many pixels: JPEGs are
     * decoded already shrunk in the DCT domain as far as that allows, so a camera photo costs little.
     */
    public static BufferedImage decodeRgb(byte[] encoded, long maxPixels, int longestSide) throws ImageException {
        ImageDecoder.Decoded decoded = ImageDecoder.decode(encoded, maxPixels,
                JpegScale.forResize(longestSide, ResizeMode.LONGEST));
        PillowImage rgb = RgbConversion.toRgb(ExifOrientation.apply(decoded.image(), decoded.exif()));
        return toBufferedImage(rgb);
    }

    private static BufferedImage toBufferedImage(PillowImage rgb) {
        int width = rgb.width();
        int height = rgb.height();
        byte[] samples = rgb.samples();
        int[] packed = new int[width * height];
        for (int i = 0, s = 0; i < packed.length; i++, s += 3) {
            packed[i] = (samples[s] & 0xFF) << 16 | (samples[s + 1] & 0xFF) << 8 | (samples[s + 2] & 0xFF);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, packed, 0, width);
        return image;
    }
}
