package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-made 20-token vocabulary (test resources tiny/) in each Hugging Face format. Its merges, best first:
 * "d o", "do g</w>", "c a", "ca t</w>", "o g</w>"; there is no 'h', so it maps to the unknown id (EOT, 18).
 */
class HuggingFaceFormatsTest {
    private static final int SOT = 17;
    private static final int EOT = 18;

    static Path tiny(String name) {
        try {
            return Path.of(HuggingFaceFormatsTest.class.getResource("tiny/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertTinyVocabulary(ClipTokenizer tokenizer) {
        assertEquals(SOT, tokenizer.startOfText());
        assertEquals(EOT, tokenizer.endOfText());
        assertEquals(20, tokenizer.vocabSize());
        assertArrayEquals(new int[] {14}, tokenizer.encode("dog"));
        assertArrayEquals(new int[] {3, 4, 8}, tokenizer.encode("god"), "no merge applies to g o d</w>");
        assertArrayEquals(new int[] {6, 16, 12}, tokenizer.encode("A CAT."));
        assertArrayEquals(new int[] {EOT, 19}, tokenizer.encode("hog"), "unknown 'h', then the 'o g</w>' merge");
        assertArrayEquals(new int[] {14, EOT, 16}, tokenizer.encode("dog<|endoftext|>cat"));
        assertArrayEquals(new int[] {SOT, 6, 14, 12, EOT, 0}, tokenizer.tokenize("a dog.", 6));
        assertEquals("a dog . ", tokenizer.decode(new int[] {6, 14, 12}));
    }

    @Test
    void vocabJsonWithMergesTxt() {
        assertTinyVocabulary(ClipTokenizer.fromVocabAndMerges(tiny("vocab.json"), tiny("merges.txt")));
    }

    @Test
    void tokenizerJsonWithStringMerges() {
        assertTinyVocabulary(ClipTokenizer.fromTokenizerJson(tiny("tokenizer.json")));
    }

    @Test
    void tokenizerJsonWithArrayMergesAndSpecialTokensOnlyInAddedTokens() {
        assertTinyVocabulary(ClipTokenizer.fromTokenizerJson(tiny("tokenizer-array-merges.json")));
    }

    @Test
    void loadChoosesTheFormatByFileName() {
        assertTinyVocabulary(ClipTokenizer.load(tiny("tokenizer.json")));
        assertTinyVocabulary(ClipTokenizer.load(tiny("vocab.json")));
        assertTinyVocabulary(ClipTokenizer.load(tiny("merges.txt")));
        assertTinyVocabulary(ClipTokenizer.load(tiny("vocab.json").getParent()));
    }

    @Test
    void smallOpenAiStyleGzipLoadsThroughTheSameCodePath(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("custom.txt.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("#version: custom\nd o\ndo g</w>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ClipTokenizer tokenizer = ClipTokenizer.load(gz);
        assertEquals(512 + 2 + 2, tokenizer.vocabSize());
        assertEquals(515, tokenizer.endOfText());
        assertArrayEquals(new int[] {513}, tokenizer.encode("dog"));
    }

    @Test
    void missingOrBrokenFilesFailWithOneSentenceNamingTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.json");
        assertFileError(missing, () -> ClipTokenizer.fromTokenizerJson(missing));
        Path notGzip = Files.writeString(dir.resolve("vocab.txt.gz"), "plain text");
        assertFileError(notGzip, () -> ClipTokenizer.load(notGzip));
        Path badJson = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
        assertFileError(badJson, () -> ClipTokenizer.load(badJson));
        Path noVocab = Files.writeString(dir.resolve("novocab.json"), "{\"model\": {\"merges\": []}}");
        assertFileError(noVocab, () -> ClipTokenizer.load(noVocab));
        Path unknown = Files.writeString(dir.resolve("vocab.bin"), "?");
        assertFileError(unknown, () -> ClipTokenizer.load(unknown));
    }

    @Test
    void inconsistentVocabulariesAreRejected(@TempDir Path dir) throws IOException {
        Path vocab = Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b</w>\": 1, \"<|startoftext|>\": 2}");
        Path merges = Files.writeString(dir.resolve("merges.txt"), "a b</w>\n");
        IllegalArgumentException noEot = assertThrows(IllegalArgumentException.class,
                () -> ClipTokenizer.fromVocabAndMerges(vocab, merges));
        assertTrue(noEot.getMessage().contains("<|endoftext|>"), noEot.getMessage());

        Path withEot = Files.writeString(dir.resolve("vocab.json"),
                "{\"a\": 0, \"b</w>\": 1, \"<|startoftext|>\": 2, \"<|endoftext|>\": 3}");
        IllegalArgumentException missingMerge = assertThrows(IllegalArgumentException.class,
                () -> ClipTokenizer.fromVocabAndMerges(withEot, merges));
        assertTrue(missingMerge.getMessage().contains("'ab</w>'"), missingMerge.getMessage());

        Path badLine = Files.writeString(dir.resolve("merges.txt"), "a b</w> c\n");
        assertFileError(badLine, () -> ClipTokenizer.fromVocabAndMerges(withEot, badLine));
    }

    private static void assertFileError(Path file, org.junit.jupiter.api.function.Executable load) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, load);
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().endsWith("."), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
    }
}
