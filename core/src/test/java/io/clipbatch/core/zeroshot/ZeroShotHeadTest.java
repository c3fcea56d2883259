package io.clipbatch.core.zeroshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.Golden;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ZeroShotHeadTest {

    private static final JsonNode REFERENCE = Golden.json("zeroshot.json");

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    /** Stands in for the tokenizer: the ids the generator's reference tokenizer gave each prompt. */
    private static final Function<List<String>, int[][]> REFERENCE_TOKENIZER = prompts -> {
        int[][] ids = new int[prompts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Golden.ints(REFERENCE.get("prompt_ids").get(prompts.get(i)));
        }
        return ids;
    };

    private static float[][] goldenImageEmbeddings() {
        float[][] embeddings = new float[REFERENCE.get("images").size()][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = Golden.imageEmbedding(REFERENCE.get("images").get(i).asText());
        }
        return embeddings;
    }

    private static double maxAbs(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void matchesClipBenchmarkThroughTheRealTextTower() {
        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        try (ClipModel model = ClipModel.open(bundle, new SessionSettings(Device.CPU, 1, 4))) {
            ZeroShotHead head = ZeroShotHead.build(strings(REFERENCE.get("classes")),
                    strings(REFERENCE.get("templates")), model, REFERENCE_TOKENIZER);
            double weights = maxAbs(head.weights(), Golden.matrix(REFERENCE.get("weights")));
            float[][] images = goldenImageEmbeddings();
            double probabilities = maxAbs(head.probabilities(images), Golden.matrix(REFERENCE.get("probabilities")));
            float[][] logits = new float[images.length][];
            for (int i = 0; i < images.length; i++) {
                logits[i] = head.logits(images[i]);
            }
            double logitError = maxAbs(logits, Golden.matrix(REFERENCE.get("logits")));
            Golden.figure("zero-shot weights max abs error", weights);
            Golden.figure("zero-shot logits max abs error", logitError);
            Golden.figure("zero-shot probabilities max abs error", probabilities);
            assertTrue(weights < 1e-5, "weights " + weights);
            assertTrue(logitError < 1e-3, "logits " + logitError);
            assertTrue(probabilities < 1e-3, "probabilities " + probabilities);
        }
    }

    @Test
    void topKIsOrderedAndBreaksTiesTowardsTheLowerIndex() {
        ZeroShotHead head = ZeroShotHead.of(List.of("a", "b", "c", "d"),
                new float[][] {{0, 1}, {1, 0}, {0, 2}, {-1, 0}});
        float[] image = {0, 1};
        List<Prediction> top = head.topK(image, 3);
        assertEquals(List.of("a", "c", "b"), top.stream().map(Prediction::label).toList());
        assertEquals(0, top.get(0).index());
        assertEquals(2, top.get(1).index());
        assertEquals(top.get(0).score(), top.get(1).score());
        assertEquals(4, head.topK(image, 10).size());
        float sum = 0;
        for (float p : head.probabilities(image)) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-6f);
        assertArrayEquals(new float[] {100, 0, 100, 0}, head.logits(image), 1e-5f);
    }

    @Test
    void batchFormsAgreeWithSingleImages() {
        ZeroShotHead head = ZeroShotHead.of(strings(REFERENCE.get("classes")), Golden.matrix(REFERENCE.get("weights")));
        float[][] images = goldenImageEmbeddings();
        float[][] probabilities = head.probabilities(images);
        List<List<Prediction>> tops = head.topK(images, 2);
        for (int i = 0; i < images.length; i++) {
            assertArrayEquals(head.probabilities(images[i]), probabilities[i]);
            assertEquals(head.topK(images[i], 2), tops.get(i));
        }
    }

    @Test
    void averagesNormalisedPromptsPerClass() {
        // Two templates per class; the second prompt is 10x longer, which must not weigh more.
        PromptEncoder encoder = prompts -> prompts.stream()
                .map(p -> p.startsWith("big") ? new float[] {0, 10} : new float[] {1, 0})
                .toArray(float[][]::new);
        ZeroShotHead head = ZeroShotHead.build(List.of("x"), List.of("small {}", "big {c}"), encoder);
        float s = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {s, s}, head.weights()[0], 1e-6f);
    }

    @Test
    void fillsBothPlaceholderStyles() {
        assertEquals("a photo of a cat.", ZeroShotHead.fill("a photo of a {c}.", "cat"));
        assertEquals("a photo of a cat.", ZeroShotHead.fill("a photo of a {}.", "cat"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZeroShotHead.fill("a photo.", "cat"));
        assertEquals("template 'a photo.' has no {c} or {} placeholder", e.getMessage());
    }

    @Test
    void survivesSerialization() throws Exception {
        ZeroShotHead head = ZeroShotHead.of(strings(REFERENCE.get("classes")), Golden.matrix(REFERENCE.get("weights")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(head);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ZeroShotHead copy = (ZeroShotHead) in.readObject();
            float[] image = goldenImageEmbeddings()[0];
            assertEquals(head.labels(), copy.labels());
            assertArrayEquals(head.probabilities(image), copy.probabilities(image));
        }
    }

    /** A stand-in text tower: a fixed pseudo-random vector per prompt text. */
    private static float[] fakeEmbedding(String prompt) {
        java.util.Random random = new java.util.Random(prompt.hashCode());
        float[] v = new float[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    /** A class with several names: the normalised mean over every template x name, not its first name alone. */
    @Test
    void synonymsAreAveragedOverTemplatesAndNames() {
        PromptEncoder encoder = prompts -> prompts.stream().map(ZeroShotHeadTest::fakeEmbedding).toArray(float[][]::new);
        List<String> templates = List.of("a {} face.", "they look {}.");
        ZeroShotHead head = ZeroShotHead.buildFromSynonyms(
                List.of(List.of("angry"), List.of("happy", "smiling")), templates, encoder);
        assertEquals(List.of("angry", "happy"), head.labels());

        float[] mean = new float[8];
        for (String name : List.of("happy", "smiling")) {
            for (String template : templates) {
                float[] e = unit(fakeEmbedding(ZeroShotHead.fill(template, name)));
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += e[i] / 4;
                }
            }
        }
        assertArrayEquals(unit(mean), head.weights()[1], 1e-6f);
        ZeroShotHead firstNames = ZeroShotHead.build(List.of("angry", "happy"), templates, encoder);
        assertArrayEquals(firstNames.weights()[0], head.weights()[0], 0f, "one name: the same as build");
        assertTrue(maxAbs(new float[][] {firstNames.weights()[1]}, new float[][] {head.weights()[1]}) > 0.05,
                "the second name counts");
    }
}
