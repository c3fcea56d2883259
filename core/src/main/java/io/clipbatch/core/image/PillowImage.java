package io.clipbatch.core.image;

/**
 * A decoded image as Pillow holds it: a mode, a size and the pixel samples.
 *
 * <p>8-bit modes keep {@code mode.bands()} interleaved samples per pixel in {@link #samples()}, rows
 * top to bottom; mode {@code I} keeps one int per pixel in {@link #ints()}; mode {@code P} keeps indices
 * in {@link #samples()} and its palette as 256 packed {@code 0xRRGGBB} entries. Instances are not
 * copied defensively: the pipeline creates each one once and never writes to it after handing it on.
 */
public final class PillowImage {
    private final PillowMode mode;
    private final int width;
    private final int height;
    private final byte[] samples;
    private final int[] ints;
    private final int[] palette;

    private PillowImage(PillowMode mode, int width, int height, byte[] samples, int[] ints, int[] palette) {
        this.mode = mode;
        this.width = width;
        this.height = height;
        this.samples = samples;
        this.ints = ints;
        this.palette = palette;
    }

    /** An 8-bit image (any mode but {@code I} and {@code P}). */
    static PillowImage ofBytes(PillowMode mode, int width, int height, byte[] samples) {
        if (mode == PillowMode.I || mode == PillowMode.P) {
            throw new IllegalArgumentException("mode " + mode.pillowName() + " needs its own factory");
        }
        checkLength(samples.length, width, height, mode.bands());
        return new PillowImage(mode, width, height, samples, null, null);
    }

    /** A palette image; {@code palette} has 256 entries {@code 0xRRGGBB}. */
    static PillowImage ofPalette(int width, int height, byte[] indices, int[] palette) {
        checkLength(indices.length, width, height, 1);
        if (palette.length != 256) {
            throw new IllegalArgumentException("a palette has 256 entries, got " + palette.length);
        }
        return new PillowImage(PillowMode.P, width, height, indices, null, palette);
    }

    /** A 32-bit integer image (Pillow mode {@code I}). */
    static PillowImage ofInts(int width, int height, int[] ints) {
        checkLength(ints.length, width, height, 1);
        return new PillowImage(PillowMode.I, width, height, null, ints, null);
    }

    /** The same kind of image (mode, palette) with new pixels of another size. */
    PillowImage withPixels(int newWidth, int newHeight, byte[] newSamples, int[] newInts) {
        checkLength(mode == PillowMode.I ? newInts.length : newSamples.length, newWidth, newHeight,
                mode == PillowMode.I ? 1 : mode.bands());
        return new PillowImage(mode, newWidth, newHeight, newSamples, newInts, palette);
    }

    private static void checkLength(int length, int width, int height, int bands) {
        if (width <= 0 || height <= 0 || (long) width * height * bands != length) {
            throw new IllegalArgumentException(
                    "pixel buffer of " + length + " for " + width + "x" + height + "x" + bands);
        }
    }

    public PillowMode mode() {
        return mode;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Sample {@code band} of pixel (x, y) as an unsigned value (the int itself for mode {@code I}). */
    public int sample(int x, int y, int band) {
        int pixel = y * width + x;
        if (mode == PillowMode.I) {
            return ints[pixel];
        }
        return samples[pixel * mode.bands() + band] & 0xFF;
    }

    byte[] samples() {
        return samples;
    }

    int[] ints() {
        return ints;
    }

    int[] palette() {
        return palette;
    }
}
