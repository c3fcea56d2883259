package io.clipbatch.core.image;

import java.awt.image.Raster;

/**
 * PNG as Pillow 9.4 opens it (PngImagePlugin {@code _MODES}): 1-bit grey is mode "1", 2/4-bit grey is
 * scaled to L, 16-bit grey is mode I with the full value, other 16-bit images keep the high byte,
 * 16-bit grey+alpha becomes RGBA, palette images stay P with their PLTE, and tRNS never adds an alpha
 * channel (Pillow keeps it as {@code info["transparency"]}, which {@code convert("RGB")} ignores).
 */
final class PngDecoder {
    private static final int COLOR_GREY = 0;
    private static final int COLOR_RGB = 2;
    private static final int COLOR_PALETTE = 3;
    private static final int COLOR_GREY_ALPHA = 4;
    private static final int COLOR_RGBA = 6;

    private PngDecoder() {
    }

    /** What the chunks say, read without inflating anything. */
    private static final class Header {
        int width;
        int height;
        int bitDepth;
        int colorType;
        int[] palette;
        byte[] exif;
        /** IEND seen; a file without it still decodes when all its image data is there, as in Pillow. */
        boolean complete;
        /** Offset just after the last chunk that is entirely present. */
        int wholeChunksEnd = 8;
        /** Bytes of image data in a cut-off IDAT right after {@link #wholeChunksEnd} (Pillow uses them). */
        int partialIdat;
    }

    static ImageDecoder.Decoded decode(byte[] data, long maxPixels) throws ImageException {
        Header header = readChunks(data);
        ImageDecoder.checkPixels(header.width, header.height, maxPixels);
        Raster raster;
        // Pillow decodes a file whose image data is complete even if its end chunk is cut off; the JDK
        // reader insists on IEND, so give it one after the last whole chunk.
        byte[] readable = header.complete ? data : withEnd(data, header);
        try (ImageIoReading reading = ImageIoReading.open("png", readable)) {
            raster = reading.reader().read(0).getRaster();
        } catch (java.io.IOException | RuntimeException e) {
            throw new ImageException(header.complete ? "decode: corrupt PNG (" + ImageDecoder.shortMessage(e) + ")"
                    : "decode: truncated PNG");
        }
        return new ImageDecoder.Decoded(toPillow(raster, header), header.exif);
    }

    private static Header readChunks(byte[] d) throws ImageException {
        Header h = new Header();
        int pos = 8;
        boolean sawHeader = false;
        while (pos + 8 <= d.length) {
            int length = readInt(d, pos);
            String type = new String(d, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int body = pos + 8;
            if (length < 0 || body + length > d.length) {
                h.partialIdat = type.equals("IDAT") ? Math.max(0, d.length - body) : 0;
                break;
            }
            if (type.equals("IHDR") && length >= 13) {
                sawHeader = true;
                h.width = readInt(d, body);
                h.height = readInt(d, body + 4);
                h.bitDepth = d[body + 8] & 0xFF;
                h.colorType = d[body + 9] & 0xFF;
            } else if (type.equals("PLTE")) {
                h.palette = Palettes.fromRgbTriples(d, body, length / 3, 3);
            } else if (type.equals("eXIf") && h.exif == null) {
                h.exif = java.util.Arrays.copyOfRange(d, body, body + length);
            } else if (type.equals("IEND")) {
                h.complete = true;
                break;
            }
            if (body + length + 4 > d.length) {
                h.partialIdat = type.equals("IDAT") ? length : 0; // only the CRC is missing
                break;
            }
            pos = body + length + 4; // skip the CRC
            h.wholeChunksEnd = pos;
        }
        if (!sawHeader) {
            throw new ImageException(d.length < 33 ? "decode: truncated PNG" : "decode: corrupt PNG (no IHDR)");
        }
        return h;
    }

    /**
     * The whole chunks, then what is left of a cut-off IDAT as a chunk of its own (the JDK reader does
     * not check CRCs), then IEND: Pillow feeds the zlib stream whatever data there is, and the image is
     * fine when the rows are complete even if the stream's checksum or the end chunk is missing.
     */
    private static byte[] withEnd(byte[] data, Header h) {
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
        int end = h.wholeChunksEnd;
        int partial = h.partialIdat > 0 ? 8 + h.partialIdat + 4 : 0;
        byte[] repaired = java.util.Arrays.copyOf(data, end + partial + iend.length);
        if (partial > 0) {
            java.nio.ByteBuffer.wrap(repaired, end, 4).putInt(h.partialIdat);
            java.util.Arrays.fill(repaired, end + 8 + h.partialIdat, end + partial, (byte) 0);
        }
        System.arraycopy(iend, 0, repaired, end + partial, iend.length);
        return repaired;
    }

    private static PillowImage toPillow(Raster raster, Header h) throws ImageException {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int sampleBits = raster.getSampleModel().getSampleSize(0);
        switch (h.colorType) {
            case COLOR_GREY:
                if (h.bitDepth == 16) {
                    int[] samples = ImageIoReading.samples(raster);
                    int[] ints = new int[width * height];
                    for (int p = 0; p < ints.length; p++) {
                        ints[p] = samples[p * raster.getNumBands()];
                    }
                    return PillowImage.ofInts(width, height, ints);
                }
                PillowMode mode = h.bitDepth == 1 ? PillowMode.BILEVEL : PillowMode.L;
                return PillowImage.ofBytes(mode, width, height, bytes(raster, 1, sampleBits, false));
            case COLOR_RGB:
                return PillowImage.ofBytes(PillowMode.RGB, width, height, bytes(raster, 3, sampleBits, false));
            case COLOR_PALETTE:
                int[] palette = h.palette != null ? h.palette : Palettes.greyRamp();
                return PillowImage.ofPalette(width, height, bytes(raster, 1, sampleBits, true), palette);
            case COLOR_GREY_ALPHA:
                byte[] greyAlpha = bytes(raster, 2, sampleBits, false);
                if (h.bitDepth == 8) {
                    return PillowImage.ofBytes(PillowMode.LA, width, height, greyAlpha);
                }
                return PillowImage.ofBytes(PillowMode.RGBA, width, height, greyAlphaToRgba(greyAlpha));
            case COLOR_RGBA:
                return PillowImage.ofBytes(PillowMode.RGBA, width, height, bytes(raster, 4, sampleBits, false));
            default:
                throw new ImageException("decode: corrupt PNG (colour type " + h.colorType + ")");
        }
    }

    /**
     * The first {@code bands} bands as bytes: 16-bit samples keep their high byte (Pillow's ";16B" raw
     * modes), 1/2/4-bit grey is scaled to 0..255 (its "L;2"/"L;4" modes multiply by 85/17), palette indices
     * of any depth stay indices (the JDK gives them as indices, not scaled).
     */
    private static byte[] bytes(Raster raster, int bands, int sampleBits, boolean indices) {
        if (sampleBits == 8) {
            return ImageIoReading.interleavedBytes(raster, bands);
        }
        int shift = sampleBits == 16 ? 8 : 0;
        int scale = sampleBits < 8 && !indices ? 255 / ((1 << sampleBits) - 1) : 1;
        return ImageIoReading.toBytes(ImageIoReading.samples(raster), raster.getNumBands(), bands, shift, scale);
    }

    /** Pillow reads 16-bit grey+alpha with raw mode "LA;16B" into an RGBA image. */
    private static byte[] greyAlphaToRgba(byte[] greyAlpha) {
        byte[] rgba = new byte[greyAlpha.length * 2];
        for (int i = 0, o = 0; i < greyAlpha.length; i += 2, o += 4) {
            rgba[o] = greyAlpha[i];
            rgba[o + 1] = greyAlpha[i];
            rgba[o + 2] = greyAlpha[i];
            rgba[o + 3] = greyAlpha[i + 1];
        }
        return rgba;
    }

    private static int readInt(byte[] d, int at) {
        return ((d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
    }
}
