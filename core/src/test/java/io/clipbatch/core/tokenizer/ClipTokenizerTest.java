package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** clip.tokenize behaviour on OpenAI's vocabulary (needs ../shared/clip). */
class ClipTokenizerTest {
    private static final int SOT = 49406;
    private static final int EOT = 49407;

    @Test
    void emptyTextIsStartEndAndPadding() {
        int[] row = SharedMaterial.openAiTokenizer().tokenize("");
        assertEquals(77, row.length);
        assertEquals(SOT, row[0]);
        assertEquals(EOT, row[1]);
        for (int i = 2; i < row.length; i++) {
            assertEquals(0, row[i]);
        }
        assertArrayEquals(new int[0], SharedMaterial.openAiTokenizer().encode(" \t\n "));
    }

    @Test
    void overLongTextIsCutWithEndOfTextLast() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        String text = "a dog ".repeat(100);
        int[] ids = tokenizer.encode(text);
        int[] row = tokenizer.tokenize(text, 10);
        assertEquals(10, row.length);
        assertEquals(SOT, row[0]);
        for (int i = 1; i < 9; i++) {
            assertEquals(ids[i - 1], row[i]);
        }
        assertEquals(EOT, row[9]);
        assertArrayEquals(new int[] {EOT}, tokenizer.tokenize("a dog", 1), "clip.tokenize's result for length 1");
    }

    @Test
    void exactFitNeedsNoTruncation() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        assertArrayEquals(new int[] {SOT, 320, 1929, EOT}, tokenizer.tokenize("a dog", 4, false));
    }

    @Test
    void withoutTruncationOverLongTextIsAnError() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.tokenize("a dog on a mat", 4, false));
        assertTrue(error.getMessage().contains("too long for context length 4"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> tokenizer.tokenize(List.of("a", "a dog on a mat"), 4, false));
    }

    @Test
    void batchTokenizeGivesOneRowPerText() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        int[][] rows = tokenizer.tokenize(List.of("a photo of a dog.", "", "a cat"), 77);
        assertEquals(3, rows.length);
        assertArrayEquals(tokenizer.tokenize("a photo of a dog.", 77), rows[0]);
        assertArrayEquals(tokenizer.tokenize("", 77), rows[1]);
        assertArrayEquals(tokenizer.tokenize("a cat", 77), rows[2]);
    }

    @Test
    void decodeGivesBackTheCleanedWordsEachFollowedByASpace() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        for (String text : List.of("a photo of a Dog.", "café crème brûlée", "東京タワー 🐶", "don't stop, 1,000.50!")) {
            StringBuilder words = new StringBuilder();
            PreTokenizer.split(TextCleaner.clean(text)).forEach(word -> words.append(word).append(' '));
            assertEquals(words.toString(), tokenizer.decode(tokenizer.encode(text)), "decode of " + text);
        }
        assertEquals("a photo of a dog . ", tokenizer.decode(tokenizer.encode("A photo of a dog.")));
        assertEquals("<|startoftext|>a dog <|endoftext|>!!", tokenizer.decode(tokenizer.tokenize("a dog", 6)));
    }

    @Test
    void specialTokensWrittenInTheTextKeepTheirIds() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        assertArrayEquals(new int[] {SOT, 1883, EOT}, tokenizer.encode("<|startoftext|>hi<|endoftext|>"));
    }

    @Test
    void unknownIdsCannotBeDecoded() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {49408}));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {-1}));
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tokenizer);
        }
        ClipTokenizer copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ClipTokenizer) in.readObject();
        }
        assertArrayEquals(tokenizer.tokenize("a photo of a Rock Sandpiper, a type of bird."),
                copy.tokenize("a photo of a Rock Sandpiper, a type of bird."));
        assertEquals(tokenizer.vocabSize(), copy.vocabSize());
    }

    @Test
    void threadsSharingOneTokenizerGetTheSameIds() throws Exception {
        ClipTokenizer shared = ClipTokenizer.fromOpenAiBpe(SharedMaterial.clipFile("bpe_simple_vocab_16e6.txt.gz"));
        List<String> prompts = prompts(200, 10);
        int[][] expected = SharedMaterial.openAiTokenizer().tokenize(prompts, 77);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[][]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> shared.tokenize(prompts, 77)));
            }
            for (Future<int[][]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A zero-shot head's worth of prompts in one call gives, row for row, what one-at-a-time calls give. */
    @Test
    void eightyThousandPromptsInOneCallMatchSingleCalls() {
        ClipTokenizer tokenizer = ClipTokenizer.fromOpenAiBpe(SharedMaterial.clipFile("bpe_simple_vocab_16e6.txt.gz"));
        List<String> prompts = prompts(1000, 80);
        int[][] rows = tokenizer.tokenize(prompts, 77);
        assertEquals(80_000, rows.length);
        for (int i = 0; i < rows.length; i += 997) {
            assertArrayEquals(tokenizer.tokenize(prompts.get(i), 77), rows[i], prompts.get(i));
        }
    }

    /** classes x templates distinct prompts, in the style of the zero-shot templates. */
    static List<String> prompts(int classes, int templates) {
        List<String> prompts = new ArrayList<>(classes * templates);
        for (int c = 0; c < classes; c++) {
            String name = "Class" + Integer.toString(c * 7919, 36) + " bird " + c;
            for (int t = 0; t < templates; t++) {
                prompts.add("a photo number " + t + " of a " + name + ", a type of thing.");
            }
        }
        return prompts;
    }
}
