package io.clipbatch.job.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The classes of the shapes world, which the bundled model clip-tiny-shapes was trained on: every
 * (size, colour, shape), named like {@code "small red triangle"}. Six colour/shape pairs were held
 * out of training entirely, so zero-shot on them needs both towers to compose words they learnt apart.
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
    /** Radius range per size, inclusive, in 1/8 pixel: 5-8 px and 13-17 px. */
    static final int[][] SIZE_RADIUS = {{40, 64}, {104, 136}};

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

    /** Whether the class's colour/shape pair was never seen in training: colour c lost shape c mod 5. */
    public static boolean isHeldOut(int label) {
        return shape(label) == colour(label) % SHAPES.size();
    }
}
