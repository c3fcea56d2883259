package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference ids that OpenAI's own clip.tokenize produced for 43 prompts (../shared/clip/tokenizer-vectors.jsonl). */
class OpenAiReferenceVectorsTest {

    @Test
    void everySharedVectorMatchesTokenForToken() throws IOException {
        List<String> lines = Files.readAllLines(SharedMaterial.clipFile("tokenizer-vectors.jsonl"));
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        ObjectMapper json = new ObjectMapper();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode vector = json.readTree(line);
            String text = vector.get("text").asText();
            int[] expected = new int[vector.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = vector.get("ids").get(i).asInt();
            }
            int[] actual = tokenizer.tokenize(text, expected.length);
            if (!java.util.Arrays.equals(expected, actual)) {
                mismatches.add(text + "\n  expected " + java.util.Arrays.toString(expected)
                        + "\n  actual   " + java.util.Arrays.toString(actual));
            }
            checked++;
        }
        assertEquals(43, checked, "vector count");
        assertEquals(List.of(), mismatches);
    }

    @Test
    void vocabularyHasOpenAisShape() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        assertEquals(49408, tokenizer.vocabSize());
        assertEquals(49406, tokenizer.startOfText());
        assertEquals(49407, tokenizer.endOfText());
        assertArrayEquals(new int[] {320, 1125, 539, 320, 1929, 269}, tokenizer.encode("a photo of a dog."));
    }
}
