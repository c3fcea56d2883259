package io.clipbatch.job.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The Java drawer against scenes that tools/shapes/scenes.py drew: same parameters, same bytes. */
class SceneRasterizerTest {

    @Test
    void splitMix64MatchesPython() {
        JsonNode mix = ShapesReference.json().get("mix64");
        assertEquals(Long.parseUnsignedLong(mix.get("0").asText()), SplitMix64.mix64(0));
        assertEquals(Long.parseUnsignedLong(mix.get("1").asText()), SplitMix64.mix64(1));
        SplitMix64 rng = new SplitMix64(42);
        for (JsonNode value : mix.get("first_of_seed_42")) {
            assertEquals(Long.parseUnsignedLong(value.asText()), rng.next());
        }
    }

    @Test
    void classesMatchTraining() {
        List<String> python = new ArrayList<>();
        ShapesReference.json().get("classes").forEach(n -> python.add(n.asText()));
        assertEquals(python, ShapeClasses.names());
        List<String> heldOut = new ArrayList<>();
        ShapesReference.json().get("held_out").forEach(n -> heldOut.add(n.asText()));
        assertEquals(heldOut, ShapeClasses.names().stream()
                .filter(name -> ShapeClasses.isHeldOut(ShapeClasses.names().indexOf(name))).toList());
        List<String> templates = new ArrayList<>();
        ShapesReference.json().get("templates").forEach(n -> templates.add(n.asText()));
        assertEquals(templates, ShapeClasses.TEMPLATES);
    }

    @Test
    void sceneParametersMatchPython() {
        for (JsonNode reference : ShapesReference.json().get("scenes")) {
            ShapeScene scene = sceneOf(reference);
            JsonNode p = reference.get("scene");
            String what = reference.get("file").asText();
            assertEquals(p.get("background").asInt(), scene.background(), what);
            assertArrayEquals(ints(p.get("bg_a")), scene.bgA(), what);
            assertArrayEquals(ints(p.get("bg_b")), scene.bgB(), what);
            assertEquals(p.get("noise_amp").asInt(), scene.noiseAmp(), what);
            assertEquals(Long.parseUnsignedLong(p.get("noise_seed").asText()), scene.noiseSeed(), what);
            assertEquals(p.get("radius").asInt(), scene.radius(), what);
            assertEquals(p.get("cx").asInt(), scene.cx(), what);
            assertEquals(p.get("cy").asInt(), scene.cy(), what);
            assertEquals(p.get("texture").asInt(), scene.texture(), what);
            assertEquals(p.get("period").asInt(), scene.period(), what);
            assertEquals(p.get("stripe_axis").asInt(), scene.stripeAxis(), what);
            assertArrayEquals(ints(p.get("rgb")), scene.rgb(), what);
        }
    }

    @Test
    void pixelsMatchPythonByteForByte() throws IOException {
        int backgrounds = 0;
        int textures = 0;
        for (JsonNode reference : ShapesReference.json().get("scenes")) {
            String file = reference.get("file").asText();
            BufferedImage expected = ImageIO.read(ShapesReference.DIR.resolve(file).toFile());
            ShapeScene scene = sceneOf(reference);
            assertArrayEquals(rgb(expected), SceneRasterizer.render(scene), file + " differs from Python's drawing");
            assertArrayEquals(rgb(expected), rgb(SceneRasterizer.image(scene)), file);
            backgrounds |= 1 << scene.background();
            textures |= 1 << scene.texture();
        }
        // The references must exercise every background and texture, or the check above proves less.
        assertEquals(0b111, backgrounds);
        assertEquals(0b111, textures);
    }

    @Test
    void seedsChangeTheScene() {
        assertNotEquals(ShapeScene.sample(3, 1).cx(), ShapeScene.sample(3, 2).cx());
    }

    private static ShapeScene sceneOf(JsonNode reference) {
        return ShapeScene.sample(reference.get("label").asInt(), Long.parseUnsignedLong(reference.get("seed").asText()));
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static byte[] rgb(BufferedImage image) {
        byte[] out = new byte[image.getWidth() * image.getHeight() * 3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int packed = image.getRGB(x, y);
                int i = (y * image.getWidth() + x) * 3;
                out[i] = (byte) (packed >> 16);
                out[i + 1] = (byte) (packed >> 8);
                out[i + 2] = (byte) packed;
            }
        }
        return out;
    }
}
