package io.clipbatch.job.demo;

/**
 * One scene of the shapes world: a shape of class {@code label} on a background, every nuisance
 * (background, placement, texture, exact size and colour) drawn from a seed. The draw order is
 * that of {@code sample_scene} in tools/shapes/scenes.py; lengths are in 1/8 pixel.
 *
 * @param background 0 plain, 1 gradient, 2 noise
 * @param texture    0 plain, 1 striped, 2 dotted
 */
public record ShapeScene(int label, int background, int[] bgA, int[] bgB, int bgAxis, int noiseAmp,
                         long noiseSeed, int radius, int cx, int cy, int texture, int period, int stripeAxis,
                         int[] rgb) {

    /** Side of the square image, in pixels (also the bundled model's input size). */
    public static final int IMAGE_SIZE = 64;
    /** Geometry units per pixel. */
    static final int UNITS = 8;
    static final int CANVAS = IMAGE_SIZE * UNITS;

    public static ShapeScene sample(int label, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int background = rng.below(3);
        int[] bgA = tintedGrey(rng);
        int[] bgB = tintedGrey(rng);
        int bgAxis = rng.below(2);
        int noiseAmp = 8 + rng.below(25);
        long noiseSeed = rng.next();
        int[] radii = ShapeClasses.SIZE_RADIUS[ShapeClasses.size(label)];
        int radius = radii[0] + rng.below(radii[1] - radii[0] + 1);
        int reach = extent(radius) + UNITS;
        int cx = reach + rng.below(CANVAS - 2 * reach + 1);
        int cy = reach + rng.below(CANVAS - 2 * reach + 1);
        int texture = rng.below(3);
        int period = 24 + rng.below(17);
        int stripeAxis = rng.below(4);
        int[] base = ShapeClasses.COLOUR_RGB[ShapeClasses.colour(label)];
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = clamp(base[c] + rng.below(21) - 10);
        }
        return new ShapeScene(label, background, bgA, bgB, bgAxis, noiseAmp, noiseSeed, radius, cx, cy,
                texture, period, stripeAxis, rgb);
    }

    public int shape() {
        return ShapeClasses.shape(label);
    }

    /** How far any shape of this radius reaches from its centre (the triangle's apex). */
    static int extent(int radius) {
        return radius * 3 / 2;
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int[] tintedGrey(SplitMix64 rng) {
        int grey = 60 + rng.below(141);
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = clamp(grey + rng.below(31) - 15);
        }
        return rgb;
    }
}
