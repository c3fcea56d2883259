package io.clipbatch.job.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.bundle.BundleLayout;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** models/clip-tiny-shapes loads like any Immich bundle, and its own vocabulary tokenizes as in training. */
class BundledModelTest {

    @Test
    void bundleLoads() {
        Bundle bundle = Bundle.load(ShapesReference.BUNDLE);
        assertEquals(BundleLayout.IMMICH, bundle.layout());
        assertEquals(ShapeScene.IMAGE_SIZE, bundle.preprocess().size());
        assertEquals(77, bundle.contextLength());
        assertTrue(bundle.tokenizerFile().endsWith("textual/vocab.json"), bundle.tokenizerFile().toString());
    }

    @Test
    void tokenizerGivesTheIdsTrainingUsed() {
        // The same loader as for OpenAI's vocabulary files: nothing about this vocabulary is special.
        ClipTokenizer tokenizer = ClipTokenizer.load(ShapesReference.BUNDLE.resolve("textual/vocab.json"));
        JsonNode captions = ShapesReference.json().get("captions");
        assertTrue(captions.size() >= 5);
        for (JsonNode caption : captions) {
            int[] expected = new int[caption.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = caption.get("ids").get(i).asInt();
            }
            int[] ids = tokenizer.tokenize(caption.get("text").asText(), 77);
            assertArrayEquals(expected, Arrays.copyOf(ids, expected.length), caption.get("text").asText());
        }
        assertEquals(tokenizer.vocabSize() - 1, tokenizer.endOfText());
    }
}
