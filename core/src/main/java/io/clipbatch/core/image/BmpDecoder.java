package io.clipbatch.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * BMP as Pillow 9.4 opens it (BmpImagePlugin): files of up to 8 bits per pixel are P, unless the
 * header's palette is black/white (2 colours: mode 1) or the identity grey ramp (mode L); 16/24/32-bit
 * files are RGB, RGBA only for 32-bit bitfields with an alpha mask. The mode is decided from the file's
 * own header because the JDK reader has its own idea of grey palettes. Low-bit channels (15/16-bit
 * files) are scaled v * 255 / max.
 */
final class BmpDecoder {
    private static final int FILE_HEADER = 14;
    private static final int BITFIELDS = 3;

    private BmpDecoder() {
    }

    /** The header fields Pillow's mode depends on. */
    private record Header(long width, long height, int bits, int compression, int[] palette, int colors) {
    }

    static ImageDecoder.Decoded decode(byte[] data, long maxPixels) throws ImageException, java.io.IOException {
        Header header = readHeader(data);
        ImageDecoder.checkPixels(header.width, header.height, maxPixels);
        BufferedImage image;
        try (ImageIoReading reading = ImageIoReading.open("bmp", data)) {
            image = reading.reader().read(0);
        }
        if (header.bits <= 8) {
            return new ImageDecoder.Decoded(paletteImage(image, header), null);
        }
        return new ImageDecoder.Decoded(directImage(image, header), null);
    }

    private static Header readHeader(byte[] d) throws ImageException {
        if (d.length < FILE_HEADER + 12) {
            throw new ImageException("decode: truncated BMP");
        }
        int headerSize = readLe(d, FILE_HEADER, 4);
        boolean os2 = headerSize == 12;
        if (!os2 && d.length < FILE_HEADER + 40) {
            throw new ImageException("decode: truncated BMP");
        }
        long width = os2 ? readLe(d, 18, 2) : readLe(d, 18, 4);
        long height = os2 ? readLe(d, 20, 2) : Math.abs((long) readLe(d, 22, 4)); // negative: top-down rows
        int bits = os2 ? readLe(d, 24, 2) : readLe(d, 28, 2);
        int compression = os2 ? 0 : readLe(d, 30, 4);
        int colorsUsed = os2 ? 0 : readLe(d, 46, 4);
        int colors = colorsUsed > 0 ? colorsUsed : (bits <= 8 ? 1 << bits : 0);
        int[] palette = null;
        if (bits <= 8) {
            int entrySize = os2 ? 3 : 4;
            int at = FILE_HEADER + headerSize + (compression == BITFIELDS && headerSize == 40 ? 12 : 0);
            int available = Math.max(0, (d.length - at) / entrySize);
            palette = Palettes.greyRamp();
            for (int i = 0; i < Math.min(Math.min(colors, available), 256); i++) {
                int e = at + i * entrySize;
                palette[i] = ((d[e + 2] & 0xFF) << 16) | ((d[e + 1] & 0xFF) << 8) | (d[e] & 0xFF); // stored B, G, R
            }
        }
        return new Header(width, height, bits, compression, palette, colors);
    }

    private static PillowImage paletteImage(BufferedImage image, Header h) {
        Raster raster = image.getRaster();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        // The JDK gives indices for an IndexColorModel, else (grey palettes) the looked-up grey values.
        boolean indexed = image.getColorModel() instanceof IndexColorModel;
        byte[] values = ImageIoReading.toBytes(ImageIoReading.samples(raster), bands, 1, 0, 1);
        if (h.colors == 2 && h.palette[0] == 0 && h.palette[1] == 0xFFFFFF) {
            for (int i = 0; i < values.length; i++) {
                values[i] = values[i] != 0 ? (byte) 255 : 0;
            }
            return PillowImage.ofBytes(PillowMode.BILEVEL, width, height, values);
        }
        if (h.colors != 2 && Palettes.isIdentityGrey(h.palette, Math.min(h.colors, 256))) {
            return PillowImage.ofBytes(PillowMode.L, width, height, values);
        }
        // NEAREST then palette lookup equals lookup then NEAREST, so grey values with a ramp palette work too.
        return PillowImage.ofPalette(width, height, values, indexed ? h.palette : Palettes.greyRamp());
    }

    private static PillowImage directImage(BufferedImage image, Header h) {
        Raster raster = image.getRaster();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int[] samples = ImageIoReading.samples(raster);
        boolean alpha = bands == 4 && h.bits == 32 && h.compression == BITFIELDS && image.getColorModel().hasAlpha();
        int outBands = alpha ? 4 : 3;
        int[] sampleBits = raster.getSampleModel().getSampleSize();
        byte[] pixels = new byte[width * height * outBands];
        for (int p = 0, o = 0; p < width * height; p++) {
            for (int b = 0; b < outBands; b++) {
                int bits = sampleBits[b];
                int v = samples[p * bands + b];
                pixels[o++] = (byte) (bits >= 8 ? v >> (bits - 8) : v * 255 / ((1 << bits) - 1));
            }
        }
        return PillowImage.ofBytes(alpha ? PillowMode.RGBA : PillowMode.RGB, width, height, pixels);
    }

    private static int readLe(byte[] d, int at, int bytes) {
        int v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (d[at + i] & 0xFF);
        }
        return v;
    }
}
