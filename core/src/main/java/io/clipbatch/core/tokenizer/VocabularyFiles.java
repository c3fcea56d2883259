package io.clipbatch.core.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the three on-disk forms of a CLIP BPE vocabulary into a {@link Vocabulary}:
 * OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}, Hugging Face's {@code vocab.json} + {@code merges.txt}, and
 * Hugging Face's {@code tokenizer.json}. Every problem is reported as one sentence naming the file.
 */
final class VocabularyFiles {
    /** {@code merges[1:49152-256-2+1]}: OpenAI keeps 48,894 merges, so that the vocabulary has 49,408 tokens. */
    static final int OPENAI_MERGE_LINES_END = 49152 - 256 - 2 + 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VocabularyFiles() {
    }

    /**
     * OpenAI's format: a version line, then one merge per line. The vocabulary is not stored; it is built as
     * {@code SimpleTokenizer.__init__} does: 256 byte characters, the same with {@code </w>}, one token per merge,
     * then {@code <|startoftext|>} and {@code <|endoftext|>}.
     */
    static Vocabulary readOpenAiBpe(Path gz) {
        String[] lines = readGzipText(gz).split("\n", -1);
        List<String[]> merges = new ArrayList<>();
        for (int line = 1; line < Math.min(lines.length, OPENAI_MERGE_LINES_END); line++) {
            if (!lines[line].isBlank()) {
                merges.add(parseMerge(lines[line], gz, line + 1));
            }
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tokens.add(String.valueOf(ByteEncoder.vocabChar(i)));
        }
        for (int i = 0; i < 256; i++) {
            tokens.add(ByteEncoder.vocabChar(i) + BytePairEncoder.END_OF_WORD);
        }
        merges.forEach(pair -> tokens.add(pair[0] + pair[1]));
        tokens.add(ClipTokenizer.START_OF_TEXT);
        tokens.add(ClipTokenizer.END_OF_TEXT);
        Map<String, Integer> idByToken = new HashMap<>(tokens.size() * 2);
        for (int id = 0; id < tokens.size(); id++) {
            idByToken.put(tokens.get(id), id);
        }
        return new Vocabulary(idByToken, merges, tokens.size(), gz.toString());
    }

    /** Hugging Face's slow-tokenizer files; merges.txt may start with a "#version" line. */
    static Vocabulary readVocabAndMerges(Path vocabJson, Path mergesTxt) {
        Map<String, Integer> idByToken = readVocabObject(readJson(vocabJson), vocabJson);
        String[] lines = readText(mergesTxt).split("\n", -1);
        List<String[]> merges = new ArrayList<>();
        for (int line = 0; line < lines.length; line++) {
            String merge = stripCarriageReturn(lines[line]);
            if (merge.isBlank() || (line == 0 && merge.startsWith("#version"))) {
                continue;
            }
            merges.add(parseMerge(merge, mergesTxt, line + 1));
        }
        return new Vocabulary(idByToken, merges, sizeOf(idByToken), vocabJson + " with " + mergesTxt);
    }

    /** Hugging Face's {@code tokenizer.json}: {@code model.vocab} and {@code model.merges} ("a b" or ["a", "b"]). */
    static Vocabulary readTokenizerJson(Path json) {
        JsonNode root = readJson(json);
        JsonNode model = root.path("model");
        if (!model.isObject()) {
            throw fileError(json, "has no \"model\" object");
        }
        if (model.has("type") && !"BPE".equals(model.path("type").asText())) {
            throw fileError(json, "has a model of type " + model.path("type").asText() + ", not BPE");
        }
        JsonNode suffix = model.path("end_of_word_suffix");
        if (!suffix.isMissingNode() && !suffix.isNull() && !BytePairEncoder.END_OF_WORD.equals(suffix.asText())) {
            throw fileError(json, "uses the end-of-word suffix '" + suffix.asText() + "' where CLIP needs '</w>'");
        }
        Map<String, Integer> idByToken = readVocabObject(model.path("vocab"), json);
        addSpecialTokens(root.path("added_tokens"), idByToken);
        JsonNode mergeNodes = model.path("merges");
        if (!mergeNodes.isArray()) {
            throw fileError(json, "has no model.merges array");
        }
        List<String[]> merges = new ArrayList<>();
        for (JsonNode merge : mergeNodes) {
            merges.add(parseMergeNode(merge, json, merges.size()));
        }
        return new Vocabulary(idByToken, merges, sizeOf(idByToken), json.toString());
    }

    private static String[] parseMergeNode(JsonNode merge, Path json, int index) {
        if (merge.isTextual()) {
            return parseMerge(merge.asText(), json, index + 1);
        }
        if (merge.isArray() && merge.size() == 2 && merge.get(0).isTextual() && merge.get(1).isTextual()
                && !merge.get(0).asText().isEmpty() && !merge.get(1).asText().isEmpty()) {
            return new String[] {merge.get(0).asText(), merge.get(1).asText()};
        }
        throw fileError(json, "has merge number " + (index + 1) + " that is neither \"a b\" nor [\"a\", \"b\"]");
    }

    /** Special tokens may live only in added_tokens; the vocabulary takes precedence when both have them. */
    private static void addSpecialTokens(JsonNode addedTokens, Map<String, Integer> idByToken) {
        for (JsonNode added : addedTokens) {
            String content = added.path("content").asText("");
            if ((content.equals(ClipTokenizer.START_OF_TEXT) || content.equals(ClipTokenizer.END_OF_TEXT))
                    && added.path("id").canConvertToInt()) {
                idByToken.putIfAbsent(content, added.path("id").asInt());
            }
        }
    }

    private static String[] parseMerge(String line, Path file, int lineNumber) {
        String[] pair = line.split(" ", -1);
        if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
            throw fileError(file, "has line " + lineNumber + " that is not a merge of two tokens separated by one space");
        }
        return pair;
    }

    private static Map<String, Integer> readVocabObject(JsonNode vocab, Path file) {
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw fileError(file, "has no vocabulary object mapping tokens to ids");
        }
        Map<String, Integer> idByToken = new HashMap<>(vocab.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode id = entry.getValue();
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                throw fileError(file, "maps the token '" + entry.getKey() + "' to " + id + ", which is not a token id");
            }
            idByToken.put(entry.getKey(), id.asInt());
        }
        return idByToken;
    }

    private static int sizeOf(Map<String, Integer> idByToken) {
        return idByToken.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(readText(file));
        } catch (JsonProcessingException e) {
            throw fileError(file, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw fileError(file, "cannot be read as UTF-8 text (" + e + ")");
        }
    }

    private static String readGzipText(Path gz) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw fileError(gz, "cannot be read as gzip-compressed text (" + e + ")");
        }
    }

    static IllegalArgumentException fileError(Path file, String problem) {
        return new IllegalArgumentException("Tokenizer file " + file + " " + problem + ".");
    }

    static IllegalArgumentException fileError(String files, String problem) {
        return new IllegalArgumentException("Tokenizer file " + files + " " + problem + ".");
    }
}
