package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Goldens from the real Python libraries (html, regex) and OpenAI's BPE algorithm, everything but ftfy
 * (tools/tokenizer/gen_python_goldens.py): about 500 hand-picked and random texts.
 */
class PythonGoldensTest {
    private static final List<JsonNode> RECORDS = new ArrayList<>();

    @BeforeAll
    static void readGoldens() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = PythonGoldensTest.class.getResourceAsStream("python-goldens.jsonl")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                RECORDS.add(json.readTree(line));
            }
        }
    }

    private static List<JsonNode> records(String kind) {
        List<JsonNode> selected = RECORDS.stream().filter(r -> r.has(kind)).toList();
        assertTrue(selected.size() >= 100, "too few '" + kind + "' goldens: " + selected.size());
        return selected;
    }

    @Test
    void htmlUnescapeMatchesPython() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode record : records("unescape")) {
            String in = record.get("unescape").asText();
            String expected = record.get("out").asText();
            String actual = HtmlUnescape.unescape(in);
            if (!expected.equals(actual)) {
                mismatches.add(describe(in) + " -> expected " + describe(expected) + " got " + describe(actual));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void splitPatternMatchesRegexFindall() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode record : records("split")) {
            String in = record.get("split").asText();
            List<String> expected = new ArrayList<>();
            record.get("out").forEach(piece -> expected.add(piece.asText()));
            List<String> actual = PreTokenizer.split(in);
            if (!expected.equals(actual)) {
                mismatches.add(describe(in) + " -> expected " + expected + " got " + actual);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void cleaningAfterFtfyMatchesPython() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode record : records("clean_after_ftfy")) {
            String in = record.get("clean_after_ftfy").asText();
            String expected = record.get("out").asText();
            String actual = TextCleaner.cleanAfterFtfy(in);
            if (!expected.equals(actual)) {
                mismatches.add(describe(in) + " -> expected " + describe(expected) + " got " + describe(actual));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void bpeIdsMatchOpenAisAlgorithm() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        List<String> mismatches = new ArrayList<>();
        for (JsonNode record : records("encode_after_ftfy")) {
            String in = record.get("encode_after_ftfy").asText();
            int[] expected = ints(record.get("ids"));
            int[] actual = tokenizer.encodeCleaned(TextCleaner.cleanAfterFtfy(in));
            if (!Arrays.equals(expected, actual)) {
                mismatches.add(describe(in) + " -> expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void decodeMatchesOpenAisDecode() {
        ClipTokenizer tokenizer = SharedMaterial.openAiTokenizer();
        List<String> mismatches = new ArrayList<>();
        for (JsonNode record : records("decode")) {
            int[] ids = ints(record.get("decode"));
            String expected = record.get("out").asText();
            String actual = tokenizer.decode(ids);
            if (!expected.equals(actual)) {
                mismatches.add(Arrays.toString(ids) + " -> expected " + describe(expected) + " got " + describe(actual));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    /** The text with its non-ASCII and control characters escaped, so a failure message is readable. */
    static String describe(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u{%X}", cp));
            }
        });
        return out.append('"').toString();
    }
}
