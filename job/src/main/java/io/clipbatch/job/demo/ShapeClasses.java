package io.clipbatch.job.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The classes of the shapes world, which the bundled model clip-tiny-shapes was trained on: every
 * (size, colour, shape), named like {@code "small red triangle"}. Twelve of them were held out of
 * training entirely (each colour loses one small and one large shape, a pair training shows only in
 * the other size), so zero-shot on them needs both towers to compose words they never saw together.
 * Mirrors tools/shapes/scenes.py.
 */
public final class ShapeClasses {

    public static final List<String> SIZES = List.of("small", "large");
    public static final List<String> COLOURS = List.of("red", "orange", "yellow", "green", "blue", "purple");
    public static final List<String> SHAPES = List.of("circle", "square", "triangle", "diamond", "cross");
    /** The zero-shot prompts, clip_benchmark style. */
    public static final List<String> TEMPLATES =
            List.of("a photo of a {c}.", "a drawing of a {c}.", "a picture of the {c}.", "a {c}.");

    static final int[][] COLOUR_RGB = {
        {210, 40, 40}, {240, 140, 30}, {235, 215, 50}, {50, 160, 70}, {50, 90, 210}, {140, 70, 190}};
    /** Radius range per size, inclusive, in 1/8 pixel: 7-10 px and 14-18 px. */
    static final int[][] SIZE_RADIUS = {{56, 80}, {112, 144}};

    private ShapeClasses() {
    }

    public static int count() {
        return SIZES.size() * COLOURS.size() * SHAPES.size();
    }

    /** Classes run size-major, then colour, then shape. */
    public static int size(int label) {
        return label / (COLOURS.size() * SHAPES.size());
    }

    public static int colour(int label) {
        return label / SHAPES.size() % COLOURS.size();
    }

    public static int shape(int label) {
        return label % SHAPES.size();
    }

    public static String name(int label) {
        return SIZES.get(size(label)) + " " + COLOURS.get(colour(label)) + " " + SHAPES.get(shape(label));
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>(count());
        for (int label = 0; label < count(); label++) {
            names.add(name(label));
        }
        return names;
    }

    /**
     * Whether the class was never drawn or named in training: colour c lost shape c mod 5 in size
     * c mod 2, and shape (c + 2) mod 5 in the other size.
     */
    public static boolean isHeldOut(int label) {
        int c = colour(label);
        int n = SHAPES.size();
        return (size(label) == c % 2 && shape(label) == c % n)
                || (size(label) == (c + 1) % 2 && shape(label) == (c + 2) % n);
    }
}
