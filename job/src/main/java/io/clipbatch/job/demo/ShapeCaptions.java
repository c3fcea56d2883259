package io.clipbatch.job.demo;

import java.util.List;

/**
 * Three captions of a scene, for retrieval: the class phrase, then the class with its fill texture,
 * then with its background, in the templates and phrases clip-tiny-shapes was trained on
 * (tools/shapes/captions.py). They come from the scene's own attributes, so writing them draws no
 * random numbers and leaves the images as they were.
 */
public final class ShapeCaptions {
    /** scenes.py's TEXTURES and BACKGROUNDS, in index order. */
    static final List<String> TEXTURES = List.of("plain", "striped", "dotted");
    static final List<String> BACKGROUNDS = List.of("plain", "gradient", "noisy");

    private ShapeCaptions() {
    }

    public static List<String> of(ShapeScene scene) {
        int label = scene.label();
        String size = ShapeClasses.SIZES.get(ShapeClasses.size(label));
        String colour = ShapeClasses.COLOURS.get(ShapeClasses.colour(label));
        String shape = ShapeClasses.SHAPES.get(ShapeClasses.shape(label));
        return List.of(
                "a photo of a " + size + " " + colour + " " + shape + ".",
                "a " + size + " " + colour + " " + TEXTURES.get(scene.texture()) + " " + shape + ".",
                "a picture of the " + size + " " + colour + " " + shape + " on a "
                        + BACKGROUNDS.get(scene.background()) + " background.");
    }
}
