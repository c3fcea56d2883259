package io.clipbatch.core.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer tags of a TIFF's first IFD, read straight from the bytes: the decoder needs them before
 * any pixel is decoded (size for the bomb check, layout for Pillow's mode) and exactly as stored (the
 * colour map's 16-bit values, which Pillow reduces its own way). Like Pillow, a tag whose out-of-line
 * value lies past the end of the file is skipped rather than fatal; a cut-off entry table is not.
 */
final class TiffIfd {
    static final int WIDTH = 256;
    static final int HEIGHT = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int FILL_ORDER = 266;
    static final int STRIP_OFFSETS = 273;
    static final int ORIENTATION = 274;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int PLANAR_CONFIGURATION = 284;
    static final int PREDICTOR = 317;
    static final int COLOR_MAP = 320;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int EXTRA_SAMPLES = 338;
    static final int SAMPLE_FORMAT = 339;

    /** Value sizes of the TIFF types, by type number (BYTE, ASCII, SHORT, LONG, RATIONAL, ...). */
    private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};

    /** A tag number no reader knows, for entries whose value is not in the file. */
    private static final int UNKNOWN_TAG = 65000;

    private final Map<Integer, long[]> values = new HashMap<>();
    /** Offsets of the entries whose out-of-line value runs past the end of the file. */
    private final List<Integer> dangling = new ArrayList<>();

    private TiffIfd() {
    }

    static TiffIfd first(byte[] d) throws ImageException {
        if (d.length < 8) {
            throw new ImageException("decode: truncated TIFF");
        }
        boolean little = d[0] == 'I';
        long offset = unsigned(d, 4, 4, little);
        if (offset < 8) {
            throw new ImageException("decode: corrupt TIFF (IFD offset " + offset + ")");
        }
        if (offset + 2 > d.length) {
            throw new ImageException("decode: truncated TIFF");
        }
        int entries = (int) unsigned(d, (int) offset, 2, little);
        if (offset + 2 + 12L * entries > d.length) {
            throw new ImageException("decode: truncated TIFF");
        }
        TiffIfd ifd = new TiffIfd();
        for (int i = 0; i < entries; i++) {
            ifd.readEntry(d, (int) offset + 2 + 12 * i, little);
        }
        return ifd;
    }

    /** Integer-typed entries only (BYTE, SHORT, LONG): the layout tags are all of those. */
    private void readEntry(byte[] d, int entry, boolean little) {
        int tag = (int) unsigned(d, entry, 2, little);
        int type = (int) unsigned(d, entry + 2, 2, little);
        long count = unsigned(d, entry + 4, 4, little);
        int size = type < TYPE_SIZES.length ? TYPE_SIZES[type] : 1;
        long at = size * count <= 4 ? entry + 8 : unsigned(d, entry + 8, 4, little);
        if (at + size * count > d.length) {
            dangling.add(entry); // cut off or pointing outside the file: Pillow warns and goes on without it
            return;
        }
        if (type != 1 && type != 3 && type != 4 || count <= 0) {
            return;
        }
        long[] v = new long[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = unsigned(d, (int) at + i * size, size, little);
        }
        values.put(tag, v);
    }

    /**
     * The file as the Java reader should see it: entries whose value is missing (an ICC profile cut off
     * with the end of the file, say) renamed to an unknown empty tag, since that reader fails on them where
     * Pillow just skips them. The file itself when there are none.
     */
    byte[] withoutDanglingEntries(byte[] d) {
        if (dangling.isEmpty()) {
            return d;
        }
        byte[] copy = d.clone();
        boolean little = d[0] == 'I';
        for (int entry : dangling) {
            put(copy, entry, 2, UNKNOWN_TAG, little);
            put(copy, entry + 2, 2, 7, little); // UNDEFINED
            put(copy, entry + 4, 4, 0, little);
        }
        return copy;
    }

    private static void put(byte[] d, int at, int bytes, long value, boolean little) {
        for (int i = 0; i < bytes; i++) {
            d[little ? at + i : at + bytes - 1 - i] = (byte) (value >> (8 * i));
        }
    }

    boolean has(int tag) {
        return values.containsKey(tag);
    }

    /** The tag's values, or {@code fallback} when it is absent. */
    long[] get(int tag, long... fallback) {
        return values.getOrDefault(tag, fallback);
    }

    /** The tag's first value, or {@code fallback} when it is absent. */
    long first(int tag, long fallback) {
        long[] v = values.get(tag);
        return v == null ? fallback : v[0];
    }

    /** An unsigned TIFF integer of {@code bytes} bytes at {@code at}, in the file's byte order. */
    static long unsigned(byte[] d, int at, int bytes, boolean little) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (d[little ? at + bytes - 1 - i : at + i] & 0xFF);
        }
        return v;
    }
}
