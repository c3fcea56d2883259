package io.clipbatch.core.image;

/**
 * Fast mode's pure-Java path for large JPEGs when libjpeg-turbo is absent: a baseline JPEG decoded at
 * 1/8 of its size from its DC coefficients alone. An 8x8 block's DC coefficient is its mean, so one
 * output pixel per block is what libjpeg's 1/8-scale IDCT ({@code jpeg_idct_1x1}) computes:
 * {@code clamp(((dc * quant + 4) >> 3) + 128)}. The AC coefficients are still entropy-decoded, to find
 * where the next block starts, but never dequantized or transformed, which is most of the work.
 *
 * <p>Chroma planes that are subsampled are enlarged by repetition (libjpeg-turbo interpolates them),
 * then converted with libjpeg's own YCbCr arithmetic ({@link JpegColor}). Grey output equals
 * libjpeg-turbo's 1/8 decode exactly; colour output is close to it, not equal.
 *
 * <p>Only what is common and simple: baseline or extended Huffman (SOF0/SOF1), 8-bit, one scan with
 * every component, 1 or 3 components, restart markers. Anything else returns null, and the caller
 * decodes the file in full instead.
 */
final class JpegDcDecoder {
    private final byte[] data;
    private final int[][] quantDc = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private int width;
    private int height;
    private Component[] components;
    private int restartInterval;

    /** One frame component and, once decoded, its plane of block means. */
    private static final class Component {
        int id;
        int h;
        int v;
        int quantTable;
        HuffmanTable dc;
        HuffmanTable ac;
        int blocksWide;
        int blocksHigh;
        byte[] plane;
        int predictor;
    }

    private JpegDcDecoder(byte[] data) {
        this.data = data;
    }

    /** The image at 1/8 size (mode L or RGB), or null when the file is not one this class decodes. */
    static PillowImage decode(byte[] data, JpegMarkers markers) {
        try {
            return new JpegDcDecoder(data).run(markers);
        } catch (RuntimeException e) {
            return null; // corrupt or unexpected: the full decoder gives the verdict
        }
    }

    private PillowImage run(JpegMarkers markers) {
        int pos = 2;
        while (pos + 4 <= data.length) {
            if ((data[pos] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = data[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            int length = u16(pos + 2);
            int body = pos + 4;
            switch (marker) {
                case 0xC0, 0xC1 -> {
                    if (!readFrame(body)) {
                        return null;
                    }
                }
                case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return null; // progressive, lossless, hierarchical or arithmetic
                }
                case 0xC4 -> readHuffmanTables(body, length - 2);
                case 0xDB -> readQuantTables(body, length - 2);
                case 0xDD -> restartInterval = u16(body);
                case 0xDA -> {
                    return readScan(body) ? image(markers) : null;
                }
                default -> {
                    // APPn, COM and the rest carry nothing the pixels need here
                }
            }
            pos = body + length - 2;
        }
        return null;
    }

    private boolean readFrame(int at) {
        if ((data[at] & 0xFF) != 8) {
            return false;
        }
        height = u16(at + 1);
        width = u16(at + 3);
        int count = data[at + 5] & 0xFF;
        if (width == 0 || height == 0 || (count != 1 && count != 3)) {
            return false;
        }
        components = new Component[count];
        for (int i = 0; i < count; i++) {
            Component c = new Component();
            int p = at + 6 + 3 * i;
            c.id = data[p] & 0xFF;
            c.h = (data[p + 1] & 0xFF) >> 4;
            c.v = data[p + 1] & 0x0F;
            c.quantTable = data[p + 2] & 0x03;
            if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) {
                return false;
            }
            components[i] = c;
        }
        return true;
    }

    private void readQuantTables(int at, int length) {
        int end = at + length;
        while (at < end) {
            int precision = (data[at] & 0xFF) >> 4;
            int id = data[at] & 0x03;
            // Only the DC quantizer (the first value, zigzag order) matters at 1/8.
            quantDc[id] = new int[] {precision == 0 ? data[at + 1] & 0xFF : u16(at + 1)};
            at += 1 + (precision == 0 ? 64 : 128);
        }
    }

    private void readHuffmanTables(int at, int length) {
        int end = at + length;
        while (at < end) {
            int tableClass = (data[at] & 0xFF) >> 4;
            int id = data[at] & 0x03;
            int[] counts = new int[17];
            int total = 0;
            for (int len = 1; len <= 16; len++) {
                counts[len] = data[at + len] & 0xFF;
                total += counts[len];
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = data[at + 17 + i] & 0xFF;
            }
            HuffmanTable table = new HuffmanTable(counts, symbols);
            if (tableClass == 0) {
                dcTables[id] = table;
            } else {
                acTables[id] = table;
            }
            at += 17 + total;
        }
    }

    private boolean readScan(int at) {
        int count = data[at] & 0xFF;
        if (components == null || count != components.length) {
            return false; // several scans: rare for baseline files
        }
        for (int i = 0; i < count; i++) {
            int id = data[at + 1 + 2 * i] & 0xFF;
            int tables = data[at + 2 + 2 * i] & 0xFF;
            Component c = components[i];
            if (c.id != id) {
                return false;
            }
            c.dc = dcTables[tables >> 4];
            c.ac = acTables[tables & 0x0F];
            if (c.dc == null || c.ac == null || quantDc[c.quantTable] == null) {
                return false;
            }
        }
        BitReader bits = new BitReader(data, at + 1 + 2 * count + 3);
        decodeBlocks(bits);
        // A scan cut off by the end of the file would decode from the zeros fed after it; leave
        // such a file to the full decoder, which refuses it as Pillow does.
        return !bits.ranOut;
    }

    /** Every block of the scan, in MCU order (or plain block order for a single component). */
    private void decodeBlocks(BitReader bits) {
        int maxH = 1;
        int maxV = 1;
        for (Component c : components) {
            maxH = Math.max(maxH, c.h);
            maxV = Math.max(maxV, c.v);
        }
        int mcusWide = ceilDiv(width, 8 * maxH);
        int mcusHigh = ceilDiv(height, 8 * maxV);
        for (Component c : components) {
            c.blocksWide = mcusWide * c.h;
            c.blocksHigh = mcusHigh * c.v;
            c.plane = new byte[c.blocksWide * c.blocksHigh];
        }
        if (components.length == 1) {
            // A non-interleaved scan covers only the blocks inside the image, row by row.
            Component c = components[0];
            int wide = ceilDiv(width * c.h, 8 * maxH);
            int high = ceilDiv(height * c.v, 8 * maxV);
            int unit = 0;
            for (int by = 0; by < high; by++) {
                for (int bx = 0; bx < wide; bx++) {
                    unit = restartIfDue(bits, unit);
                    c.plane[by * c.blocksWide + bx] = block(bits, c);
                }
            }
            return;
        }
        int unit = 0;
        for (int my = 0; my < mcusHigh; my++) {
            for (int mx = 0; mx < mcusWide; mx++) {
                unit = restartIfDue(bits, unit);
                for (Component c : components) {
                    for (int y = 0; y < c.v; y++) {
                        int row = (my * c.v + y) * c.blocksWide + mx * c.h;
                        for (int x = 0; x < c.h; x++) {
                            c.plane[row + x] = block(bits, c);
                        }
                    }
                }
            }
        }
    }

    private int restartIfDue(BitReader bits, int unit) {
        if (restartInterval > 0 && unit > 0 && unit % restartInterval == 0) {
            bits.restart();
            for (Component c : components) {
                c.predictor = 0;
            }
        }
        return unit + 1;
    }

    /** One block: its DC value as libjpeg's 1x1 IDCT gives it; its AC coefficients skipped. */
    private byte block(BitReader bits, Component c) {
        int size = c.dc.decode(bits);
        c.predictor += size == 0 ? 0 : extend(bits.bits(size), size);
        for (int k = 1; k < 64; k++) {
            int rs = c.ac.decode(bits);
            int run = rs >> 4;
            int bitsToSkip = rs & 0x0F;
            if (bitsToSkip == 0) {
                if (run != 15) {
                    break; // end of block
                }
                k += 15;
            } else {
                k += run;
                bits.skip(bitsToSkip);
            }
        }
        int value = ((c.predictor * quantDc[c.quantTable][0] + 4) >> 3) + 128;
        return (byte) Math.max(0, Math.min(255, value));
    }

    private static int extend(int value, int size) {
        return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
    }

    /** The planes as Pillow's L or RGB image of ceil(width / 8) x ceil(height / 8). */
    private PillowImage image(JpegMarkers markers) {
        int outWidth = ceilDiv(width, 8);
        int outHeight = ceilDiv(height, 8);
        if (components.length == 1) {
            return PillowImage.ofBytes(PillowMode.L, outWidth, outHeight, crop(components[0], outWidth, outHeight, 1, 1));
        }
        int maxH = Math.max(components[0].h, Math.max(components[1].h, components[2].h));
        int maxV = Math.max(components[0].v, Math.max(components[1].v, components[2].v));
        byte[][] planes = new byte[3][];
        for (int i = 0; i < 3; i++) {
            Component c = components[i];
            planes[i] = crop(c, outWidth, outHeight, maxH / c.h, maxV / c.v);
        }
        byte[] pixels = new byte[outWidth * outHeight * 3];
        for (int p = 0, o = 0; p < outWidth * outHeight; p++) {
            pixels[o++] = planes[0][p];
            pixels[o++] = planes[1][p];
            pixels[o++] = planes[2][p];
        }
        if (markers.threeComponentsAreYcbcr()) {
            JpegColor.ycbcrToRgb(pixels);
        }
        return PillowImage.ofBytes(PillowMode.RGB, outWidth, outHeight, pixels);
    }

    /** The component's plane at full output size: each value repeated {@code sx} x {@code sy} times. */
    private static byte[] crop(Component c, int outWidth, int outHeight, int sx, int sy) {
        byte[] out = new byte[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int from = (y / sy) * c.blocksWide;
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = c.plane[from + x / sx];
            }
        }
        return out;
    }

    private int u16(int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A canonical Huffman code with a 9-bit lookup table for the short codes. */
    private static final class HuffmanTable {
        private static final int LOOKUP_BITS = 9;
        /** (length << 8) | symbol for every 9-bit prefix of a code of at most 9 bits; 0 for longer codes. */
        private final int[] lookup = new int[1 << LOOKUP_BITS];
        private final int[] maxCode = new int[18];
        private final int[] valueOffset = new int[17];
        private final int[] symbols;

        HuffmanTable(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int index = 0;
            for (int len = 1; len <= 16; len++) {
                valueOffset[len] = index - code;
                for (int i = 0; i < counts[len]; i++, index++, code++) {
                    if (len <= LOOKUP_BITS) {
                        int shift = LOOKUP_BITS - len;
                        for (int fill = 0; fill < (1 << shift); fill++) {
                            lookup[(code << shift) | fill] = (len << 8) | symbols[index];
                        }
                    }
                }
                maxCode[len] = counts[len] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(BitReader bits) {
            int entry = lookup[bits.peek(LOOKUP_BITS)];
            if (entry != 0) {
                bits.skip(entry >> 8);
                return entry & 0xFF;
            }
            int code = bits.bits(LOOKUP_BITS);
            int len = LOOKUP_BITS;
            while (code > maxCode[len]) {
                code = (code << 1) | bits.bits(1);
                len++;
                if (len > 16) {
                    throw new IllegalStateException("bad Huffman code");
                }
            }
            return symbols[code + valueOffset[len]];
        }
    }

    /**
     * Entropy-coded bits, MSB first, with 0xFF00 unstuffed; a marker ends the data (zeros follow).
     * Running past the end of the file instead is noted: a whole scan always ends at a marker.
     */
    private static final class BitReader {
        private final byte[] data;
        private int pos;
        private long buffer;
        private int count;
        private boolean ranOut;

        BitReader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        private void fill() {
            while (count <= 56) {
                int b = 0;
                if (pos < data.length) {
                    b = data[pos] & 0xFF;
                    if (b == 0xFF) {
                        int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : 0;
                        if (next == 0) {
                            pos += 2;
                        } else {
                            b = 0; // a marker: leave it for restart(), feed zeros
                        }
                    } else {
                        pos++;
                    }
                } else {
                    ranOut = true;
                }
                buffer |= (long) b << (56 - count);
                count += 8;
            }
        }

        int peek(int n) {
            if (count < n) {
                fill();
            }
            return (int) (buffer >>> (64 - n));
        }

        void skip(int n) {
            if (count < n) {
                fill();
            }
            buffer <<= n;
            count -= n;
        }

        int bits(int n) {
            int value = peek(n);
            skip(n);
            return value;
        }

        /** At a restart marker: drop the partial byte and the marker, start afresh. */
        void restart() {
            buffer = 0;
            count = 0;
            while (pos + 1 < data.length
                    && !((data[pos] & 0xFF) == 0xFF && (data[pos + 1] & 0xFF) >= 0xD0 && (data[pos + 1] & 0xFF) <= 0xD7)) {
                pos++;
            }
            pos += 2;
        }
    }
}
