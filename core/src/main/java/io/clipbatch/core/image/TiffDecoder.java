package io.clipbatch.core.image;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;

/**
 * TIFF (first page) as Pillow 9.4 opens it (TiffImagePlugin {@code OPEN_INFO}): 8-bit chunky RGB, RGBX,
 * RGBA with unassociated or associated alpha (Pillow un-premultiplies the latter on load), CMYK, LA,
 * 8-bit palette "P", and L and bilevel "1" either
 * MinIsBlack or MinIsWhite (inverted, as Pillow does); uncompressed, LZW, Deflate, PackBits or
 * CCITT group 4, with or without the horizontal predictor. TwelveMonkeys decompresses; the mode and the
 * sample mapping are decided here from the IFD, so nothing lossy or guessed reaches the pixels.
 *
 * <p>Refused with a reason: JPEG compression (lossy: libjpeg's output is not reproduced), samples that are
 * not 8-bit (16-bit grey opens as I;16, which Pillow's bicubic/bilinear resize refuses), float or signed
 * samples, planar files, fill order 2, and any Orientation other than 1 (Pillow 9.4 rotates such a TIFF
 * inside {@code load()} while reporting the unrotated size before it, which the pipeline cannot mirror).
 */
final class TiffDecoder {
    private static final int MIN_IS_WHITE = 0;
    private static final int MIN_IS_BLACK = 1;
    private static final int RGB = 2;
    private static final int PALETTE = 3;
    private static final int CMYK = 5;
    /** ExtraSamples values: unspecified, associated (premultiplied) alpha, unassociated alpha. */
    private static final int EXTRA_UNSPECIFIED = 0;
    private static final int EXTRA_ASSOCIATED = 1;

    /** TwelveMonkeys' reader itself, not whichever TIFF reader ImageIO happens to list first. */
    private static final TIFFImageReaderSpi READER = new TIFFImageReaderSpi();

    private TiffDecoder() {
    }

    static ImageDecoder.Decoded decode(byte[] data, long maxPixels) throws ImageException, IOException {
        TiffIfd ifd = TiffIfd.first(data);
        ImageDecoder.checkPixels(ifd.first(TiffIfd.WIDTH, 0), ifd.first(TiffIfd.HEIGHT, 0), maxPixels);
        checkSupported(ifd);
        PillowMode mode = mode(ifd);
        checkDataPresent(ifd, data.length);
        Raster raster;
        try (ImageIoReading reading = ImageIoReading.open(READER, ifd.withoutDanglingEntries(data))) {
            raster = reading.reader().read(0).getRaster();
        }
        // Orientation other than 1 is refused above, so there is nothing for exif_transpose to do.
        return new ImageDecoder.Decoded(toPillow(raster, ifd, mode), null);
    }

    /** Everything refused for a reason other than the sample layout. */
    private static void checkSupported(TiffIfd ifd) throws ImageException {
        long compression = ifd.first(TiffIfd.COMPRESSION, 1);
        if (compression == 6 || compression == 7) {
            throw unsupported("JPEG compression");
        }
        if (compression != 1 && compression != 4 && compression != 5 && compression != 8 && compression != 32946
                && compression != 32773) {
            throw unsupported("compression " + compression);
        }
        long predictor = ifd.first(TiffIfd.PREDICTOR, 1);
        if (predictor != 1 && predictor != 2) {
            throw unsupported("predictor " + predictor);
        }
        for (long format : ifd.get(TiffIfd.SAMPLE_FORMAT, 1)) {
            if (format != 1) {
                throw unsupported(format == 3 ? "float samples" : format == 2 ? "signed samples" : "sample format "
                        + format);
            }
        }
        if (ifd.first(TiffIfd.PLANAR_CONFIGURATION, 1) != 1) {
            throw unsupported("planar configuration");
        }
        if (ifd.first(TiffIfd.FILL_ORDER, 1) != 1) {
            throw unsupported("fill order " + ifd.first(TiffIfd.FILL_ORDER, 1));
        }
        long orientation = ifd.first(TiffIfd.ORIENTATION, 1);
        if (orientation != 1) {
            throw unsupported("orientation " + orientation);
        }
    }

    /** Pillow's mode for the sample layout, from the subset of {@code OPEN_INFO} this decoder reproduces. */
    private static PillowMode mode(TiffIfd ifd) throws ImageException {
        int photometric = (int) ifd.first(TiffIfd.PHOTOMETRIC, MIN_IS_WHITE); // Pillow's default too
        int samples = (int) ifd.first(TiffIfd.SAMPLES_PER_PIXEL, 1);
        int bits = bitsPerSample(ifd, samples);
        long[] extra = ifd.get(TiffIfd.EXTRA_SAMPLES);
        boolean grey = photometric == MIN_IS_WHITE || photometric == MIN_IS_BLACK;
        if (bits == 1 && samples == 1 && grey) {
            return PillowMode.BILEVEL;
        }
        if (bits != 8) {
            throw unsupported(bits + "-bit samples");
        }
        if (grey && samples == 1 && extra.length == 0) {
            return PillowMode.L;
        }
        if (photometric == MIN_IS_BLACK && samples == 2 && Arrays.equals(extra, new long[] {2})) {
            return PillowMode.LA;
        }
        if (photometric == RGB && samples == 3 && extra.length == 0) {
            return PillowMode.RGB;
        }
        if (photometric == RGB && samples == 4 && (extra.length == 0 || extra.length == 1
                && (extra[0] <= 2 || extra[0] == 999))) {
            // No ExtraSamples, or unassociated (2) or Corel's 999: RGBA; unspecified (0): RGBX.
            return extra.length == 1 && extra[0] == EXTRA_UNSPECIFIED ? PillowMode.RGBX : PillowMode.RGBA;
        }
        if (photometric == PALETTE && samples == 1 && extra.length == 0) {
            return PillowMode.P;
        }
        if (photometric == CMYK && samples == 4 && extra.length == 0) {
            return PillowMode.CMYK;
        }
        throw unsupported("photometric " + photometric + " with " + samples + " samples, extra samples "
                + Arrays.toString(extra));
    }

    /** One bit depth for all samples (Pillow repeats a single value and rejects mixed ones). */
    private static int bitsPerSample(TiffIfd ifd, int samples) throws ImageException {
        long[] bits = ifd.get(TiffIfd.BITS_PER_SAMPLE, 1);
        if (bits.length != 1 && bits.length < samples) {
            throw new ImageException("decode: corrupt TIFF (unknown data organization)");
        }
        for (int i = 1; i < Math.min(bits.length, samples); i++) {
            if (bits[i] != bits[0]) {
                throw unsupported("mixed bits per sample");
            }
        }
        return (int) bits[0];
    }

    /**
     * Pillow refuses a file whose strips (or tiles) are cut off; the Java decoder would fill the gap, so
     * the byte ranges are checked against the file before decoding.
     */
    private static void checkDataPresent(TiffIfd ifd, int length) throws ImageException {
        boolean tiled = ifd.has(TiffIfd.TILE_OFFSETS);
        long[] offsets = ifd.get(tiled ? TiffIfd.TILE_OFFSETS : TiffIfd.STRIP_OFFSETS);
        long[] counts = ifd.get(tiled ? TiffIfd.TILE_BYTE_COUNTS : TiffIfd.STRIP_BYTE_COUNTS);
        if (offsets.length == 0 || counts.length < offsets.length) {
            throw new ImageException("decode: corrupt TIFF (no " + (tiled ? "tile" : "strip") + " table)");
        }
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] + counts[i] > length) {
                throw new ImageException("decode: truncated TIFF");
            }
        }
    }

    private static PillowImage toPillow(Raster raster, TiffIfd ifd, PillowMode mode) throws ImageException {
        int width = raster.getWidth();
        int height = raster.getHeight();
        boolean minIsWhite = ifd.first(TiffIfd.PHOTOMETRIC, MIN_IS_WHITE) == MIN_IS_WHITE;
        switch (mode) {
            case BILEVEL:
                return PillowImage.ofBytes(mode, width, height, bilevel(raster, minIsWhite));
            case L:
                // TwelveMonkeys already inverts 8-bit MinIsWhite samples, as Pillow's "L;I" does.
                return PillowImage.ofBytes(mode, width, height, ImageIoReading.interleavedBytes(raster, 1));
            case P:
                return PillowImage.ofPalette(width, height, ImageIoReading.interleavedBytes(raster, 1),
                        palette(ifd));
            case RGBA:
                byte[] rgba = ImageIoReading.interleavedBytes(raster, 4);
                boolean associated = Arrays.equals(ifd.get(TiffIfd.EXTRA_SAMPLES), new long[] {EXTRA_ASSOCIATED});
                return PillowImage.ofBytes(mode, width, height, associated ? unpremultiplied(rgba) : rgba);
            default:
                return PillowImage.ofBytes(mode, width, height, ImageIoReading.interleavedBytes(raster, mode.bands()));
        }
    }

    /** Pillow's "1" (MinIsBlack) and "1;I" (MinIsWhite) raw modes: a set bit is white, or black. */
    private static byte[] bilevel(Raster raster, boolean minIsWhite) {
        int[] bits = ImageIoReading.samples(raster);
        byte[] out = new byte[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = (byte) ((bits[i] != 0) != minIsWhite ? 255 : 0);
        }
        return out;
    }

    /** ColorMap holds all reds, then greens, then blues, 16-bit; Pillow keeps {@code value // 256}. */
    private static int[] palette(TiffIfd ifd) throws ImageException {
        long[] map = ifd.get(TiffIfd.COLOR_MAP);
        if (map.length == 0 || map.length % 3 != 0) {
            throw new ImageException("decode: corrupt TIFF (no colour map)");
        }
        int entries = map.length / 3;
        int[] palette = Palettes.greyRamp();
        for (int i = 0; i < Math.min(entries, 256); i++) {
            palette[i] = (int) ((map[i] >> 8) << 16 | (map[entries + i] >> 8) << 8 | map[2 * entries + i] >> 8);
        }
        return palette;
    }

    /** Pillow's "RGBa" raw mode (Unpack.c {@code unpackRGBa}): colour * 255 / alpha, truncated, clipped. */
    private static byte[] unpremultiplied(byte[] rgba) {
        byte[] out = rgba.clone();
        for (int i = 0; i < out.length; i += 4) {
            int a = rgba[i + 3] & 0xFF;
            if (a == 255) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                out[i + c] = (byte) (a == 0 ? 0 : Math.min(255, (rgba[i + c] & 0xFF) * 255 / a));
            }
        }
        return out;
    }

    private static ImageException unsupported(String what) {
        return new ImageException("decode: unsupported TIFF (" + what + ")");
    }
}
